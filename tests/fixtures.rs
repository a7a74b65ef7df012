//! End-to-end tests on six realistic ML repositories under `fixtures/`.
//!
//! Each test states what a careful human reader of the fixture expects: the
//! verdict of every ingredient and every finding (code, path, line).
//!
//! Rule coverage: every built-in rule fires in at least one fixture and is
//! near-missed (a plausible trigger that must not fire it) in at least one.
//!
//! | rule    | fires in                                                  | near-missed in                                                                    |
//! |---------|-----------------------------------------------------------|-----------------------------------------------------------------------------------|
//! | OWN001  | bare-research (pyproject `authors` only), notebook-first  | near-miss (CODEOWNERS exists, all comments: OWN002 instead), hf-model (card contact) |
//! | OWN002  | near-miss (every CODEOWNERS line commented out)           | churn-service (comments + owner lines), dvc-pipeline (GitLab sections, paths without owners) |
//! | OWN005  | near-miss (root CODEOWNERS behind .github/CODEOWNERS)     | churn-service (.github/CODEOWNERS only), dvc-pipeline (.gitlab/CODEOWNERS only)   |
//! | MON001  | near-miss (FastAPI app; TODO comment, commented import, Evidently docstring, MLflow logging are not monitoring) | churn-service (prometheus_client), dvc-pipeline (batch job: Pushgateway + alert rules), bare-research, notebook-first, hf-model (nothing serves a model: not applicable) |
//! | DATA001 | bare-research, near-miss (DVC only "planned" in README), notebook-first | churn-service (.dvc data files), dvc-pipeline (raw.csv.dvc, dvc.lock)            |
//! | DATA002 | notebook-first (`load_dataset("imdb")` in a code cell)     | near-miss (`load_dataset("csv", data_files=...)`)                                 |
//! | DATA003 | near-miss (`pd.read_csv("https://...")`)                   | dvc-pipeline (`urlretrieve("https://...csv")` verified with hashlib)              |
//! | MET001  | bare-research, notebook-first (results only in a notebook) | near-miss (empty Metrics heading: MET003 instead), hf-model (model-index)        |
//! | MET002  | dvc-pipeline (Results table, no threshold), hf-model       | churn-service (Metrics table with release thresholds)                             |
//! | MET003  | near-miss (`[More Information Needed]` under Evaluation)   | churn-service, dvc-pipeline (Metrics / Results sections with values)             |
//! | VAL001  | bare-research (best-checkpoint `if val_acc > best_acc`)    | near-miss (tests of data code, pydantic), dvc-pipeline (DVC evaluate stage), notebook-first (03_evaluate.ipynb) |
//! | VAL002  | near-miss, dvc-pipeline, notebook-first                    | churn-service (`assert metrics["roc_auc"] >= 0.88`)                               |
//! | DEP001  | bare-research (ranges and bare names only)                 | near-miss (ranges in requirements.in, pinned requirements.txt), dvc-pipeline (caret ranges + poetry.lock), notebook-first (some exact conda pins) |
//! | DEP002  | bare-research                                              | near-miss (requirements.in not checked; pinned line with a comment), churn-service (`uvicorn[standard]==`) |
//! | DEP003  | notebook-first (`pytorch=2.2`, bare `matplotlib`...)       | notebook-first (`python=3.10`, `pip`, `==` pins, `pip:` sub-list, suppressed line) |
//! | DEP004  | notebook-first (`evaluate>=0.4` in the `pip:` list)        | notebook-first (`datasets==2.18.0` and the other pinned pip entries)              |
//! | REP001  | bare-research                                              | notebook-first (`set_seed` in a code cell), churn-service, dvc-pipeline, near-miss (the Trainer's default seed; its commented-out `torch.manual_seed(0)` is no evidence) |
//! | REP002  | bare-research (`train_test_split` without random_state)    | churn-service (multi-line call, `random_state=` on a continuation line)          |
//! | CI001   | bare-research, near-miss (`workflow_dispatch` only: points at that workflow), notebook-first | churn-service (pull_request), dvc-pipeline (.gitlab-ci.yml), hf-model (no Python: not applicable) |
//! | CARD001 | bare-research (usage-only README), notebook-first, dvc-pipeline | hf-model (Hugging Face README card), near-miss (MODEL_CARD.md)                |
//! | CARD002 | near-miss (template placeholders)                          | hf-model (placeholder text only inside an HTML comment)                           |
//! | MLR001  | near-miss (`ignore[DEP002]` on a pinned line)               | notebook-first (`ignore[DEP003]` that does silence a finding)                     |

mod common;
#[path = "common/work_tree.rs"]
mod work_tree;

use common::*;
use serde_json::Value;
use work_tree::Repo;

/// A committed copy of the fixture: each is a repository of its own. Linted in
/// place it is a subfolder of this checkout, whose workflows would be its CI.
fn copy(name: &str) -> Repo {
    Repo::of_fixture(name)
}

/// Findings sorted by (path, line, code), so that findings at the same place compare regardless of order.
fn sorted(mut items: Vec<(String, String, u64)>) -> Vec<(String, String, u64)> {
    items.sort_by(|a, b| (&a.1, a.2, &a.0).cmp(&(&b.1, b.2, &b.0)));
    items
}

fn lint(name: &str) -> (Value, i32) {
    lint_json(copy(name).root(), &[])
}

fn assert_findings(report: &Value, items: &[(&str, &str, u64)]) {
    assert_eq!(sorted(findings(report)), sorted(expected(items)), "findings differ");
}

fn human(name: &str) -> String {
    let repo = copy(name);
    let path = repo.root();
    let output = run(&["lint", path.to_str().unwrap(), "--format", "human", "--color", "never"]);
    // The report header echoes the linted path; keep the snapshot independent of where the checkout lives.
    stdout(&output).replace(path.to_str().unwrap(), &format!("fixtures/{name}"))
}

/// A production-ready service: every ingredient present, nothing to report.
#[test]
fn churn_service_has_every_ingredient() {
    let (report, code) = lint("churn-service");
    assert_eq!(
        verdicts(&report),
        expected_verdicts(&[
            ("owners", "present"),
            ("monitoring", "present"),
            ("data-versioning", "present"),
            ("metrics", "present"),
            ("validation", "present"),
            ("dependencies", "present"),
            ("reproducibility", "present"),
            ("ci", "present"),
            ("model-card", "present"),
        ])
    );
    assert_findings(&report, &[]);
    assert_eq!(code, 0);
}

#[test]
fn churn_service_human_output() {
    assert_snapshot("churn-service.human.txt", &human("churn-service"));
}

/// A research repo: no owners (authors are not owners), nothing pinned, no seed.
/// Dependencies are `missing`, not `partial`: no line of requirements.txt is an
/// exact pin and there is no lock file, so there is no evidence at all; DEP001
/// says so once and DEP002 names each unpinned line.
#[test]
fn bare_research_misses_most_ingredients() {
    let (report, code) = lint("bare-research");
    assert_eq!(
        verdicts(&report),
        expected_verdicts(&[
            ("owners", "missing"),
            // train.py trains and nothing serves: monitoring belongs where the model will be served.
            ("monitoring", "not-applicable"),
            ("data-versioning", "missing"),
            ("metrics", "missing"),
            ("validation", "missing"),
            ("dependencies", "missing"),
            ("reproducibility", "missing"),
            ("ci", "missing"),
            ("model-card", "missing"),
        ])
    );
    assert_findings(
        &report,
        &[
            ("OWN001", ".", 0),
            ("CI001", ".", 0),
            ("MET001", "README.md", 1),
            ("CARD001", "README.md", 1),
            ("DEP001", "requirements.txt", 1),
            ("DEP002", "requirements.txt", 1),
            ("DEP002", "requirements.txt", 2),
            ("DEP002", "requirements.txt", 3),
            ("DEP002", "requirements.txt", 4),
            ("DEP002", "requirements.txt", 5),
            ("DEP002", "requirements.txt", 6),
            ("DEP002", "requirements.txt", 7),
            // pd.read_csv(cfg["data_path"])
            ("DATA001", "train.py", 54),
            // train_test_split(df, test_size=..., stratify=...) without random_state
            ("REP002", "train.py", 55),
            // model.train(): the training loop starts here. `if val_acc > best_acc:` picks a checkpoint; it is not a gate.
            ("VAL001", "train.py", 69),
            ("REP001", "train.py", 69),
        ],
    );
    assert_eq!(code, 1);
}

#[test]
fn bare_research_human_output() {
    assert_snapshot("bare-research.human.txt", &human("bare-research"));
}

/// Mentions that are not uses must not count as evidence.
#[test]
fn near_miss_mentions_are_not_evidence() {
    let (report, code) = lint("near-miss");
    assert_eq!(
        verdicts(&report),
        expected_verdicts(&[
            // .github/CODEOWNERS all commented out; the root CODEOWNERS names owners but GitHub
            // never reads it (the .github/ one comes first); pyproject authors/maintainers are
            // not owners; the model card's contact is `[More Information Needed]`.
            ("owners", "missing"),
            // TODO comment, commented-out prometheus_client import, Evidently in a docstring,
            // MLflow logging in train.py: none of them watches the served model.
            ("monitoring", "missing"),
            // "we plan to version data with DVC" is prose.
            ("data-versioning", "missing"),
            // The only metrics heading is empty.
            ("metrics", "missing"),
            // tests/test_data.py tests the data cleaning and serving validates requests with
            // pydantic, but nothing gates the trained model (VAL002).
            ("validation", "partial"),
            // requirements.txt is fully pinned; requirements.in is pip-compile input.
            ("dependencies", "present"),
            // `# torch.manual_seed(0)` is a comment and random.seed in tests/ does not seed training,
            // but the Trainer seeds every run: `TrainingArguments.seed` is 42 unless set.
            ("reproducibility", "present"),
            // The only workflow runs on workflow_dispatch (by hand).
            ("ci", "missing"),
            // MODEL_CARD.md is a card, but still holds template placeholders (CARD002).
            ("model-card", "partial"),
        ])
    );
    assert_findings(
        &report,
        &[
            ("CI001", ".github/workflows/retrain.yml", 1),
            ("OWN002", ".github/CODEOWNERS", 1),
            ("OWN005", "CODEOWNERS", 1),
            // "## Evaluation": no values under it, nor under its Metrics / Results subsections.
            ("MET003", "MODEL_CARD.md", 39),
            ("CARD002", "MODEL_CARD.md", 49),
            // `torch==2.2.1  # mlready: ignore[DEP002]`: the line is pinned, the suppression is unused.
            ("MLR001", "requirements.txt", 30),
            // app = FastAPI(...)
            ("MON001", "serving/app.py", 28),
            // The training script's own read (pd.read_csv of a URL) comes before the loader module's
            // load_dataset("csv", ...) in src/data.py: anchors prefer files that train.
            ("DATA001", "train.py", 27),
            ("DATA003", "train.py", 27),
            // trainer = Trainer(
            ("VAL002", "train.py", 57),
        ],
    );
    assert_eq!(code, 1);
}

/// A notebook-driven project: code cells are code, Markdown cells are prose,
/// outputs are ignored, and findings point into the .ipynb files.
#[test]
fn notebook_first_reads_cells_not_outputs() {
    let (report, code) = lint("notebook-first");
    assert_eq!(
        verdicts(&report),
        expected_verdicts(&[
            ("owners", "missing"),
            // Nothing serves a model. (Prometheus / Evidently appear only in a Markdown cell, even
            // in a fenced block, a commented-out import and a stale error output.)
            ("monitoring", "not-applicable"),
            ("data-versioning", "missing"),
            // "92.8% accuracy on the test split" under "## Results" in a Markdown cell of
            // 03_evaluate.ipynb: written down for humans (notebook Markdown cells are prose), but with
            // no threshold (MET002).
            ("metrics", "partial"),
            // notebooks/03_evaluate.ipynb evaluates the trained model on the held-out split, with no gate (VAL002).
            ("validation", "partial"),
            // numpy / scikit-learn pinned with `==`, others fuzzy (DEP003).
            ("dependencies", "partial"),
            // set_seed(SEED) in a code cell of 02_train.ipynb
            ("reproducibility", "present"),
            ("ci", "missing"),
            ("model-card", "missing"),
        ])
    );
    assert_findings(
        &report,
        &[
            ("OWN001", ".", 0),
            ("CI001", ".", 0),
            ("CARD001", "README.md", 1),
            ("MET002", "notebooks/03_evaluate.ipynb", 72),
            // pytorch=2.2, pandas=2.2, matplotlib, jupyterlab=4.1, ipywidgets=8.1
            // (python=3.10 and pip are exempt; pytorch-cuda=12.1 is suppressed inline).
            ("DEP003", "environment.yml", 9),
            ("DEP003", "environment.yml", 12),
            ("DEP003", "environment.yml", 14),
            ("DEP003", "environment.yml", 15),
            ("DEP003", "environment.yml", 16),
            // `evaluate>=0.4` in the pip: list (the three pinned pip entries are fine)
            ("DEP004", "environment.yml", 21),
            // imdb = load_dataset("imdb"), cell 3
            ("DATA001", "notebooks/01_explore.ipynb", 63),
            ("DATA002", "notebooks/01_explore.ipynb", 63),
            // Anchored at the evaluation notebook's first import (cell 2, line 1).
            ("VAL002", "notebooks/03_evaluate.ipynb", 20),
        ],
    );
    let data002 = report["findings"].as_array().unwrap().iter().find(|f| f["code"] == "DATA002").unwrap();
    assert_eq!(data002["cell"], serde_json::json!({ "number": 3, "line": 1, "column": 8 }));
    assert_eq!(data002["column"], 13);
    assert_eq!(report["summary"]["suppressed"], 1, "the pytorch-cuda suppression is used");
    assert_eq!(code, 1);
}

/// A DVC pipeline with tracked data, declared metrics and an evaluate stage, but
/// no threshold anywhere and no model card.
#[test]
fn dvc_pipeline_tracks_data_but_has_no_gate() {
    let (report, code) = lint("dvc-pipeline");
    assert_eq!(
        verdicts(&report),
        expected_verdicts(&[
            // .gitlab/CODEOWNERS: section default owners
            ("owners", "present"),
            // prometheus_client Pushgateway in the batch job, Prometheus alert rules
            ("monitoring", "present"),
            ("data-versioning", "present"),
            // Results table with values + DVC metrics, but no threshold (MET002)
            ("metrics", "partial"),
            // DVC evaluate stage + src/evaluate.py, but no gate (VAL002)
            ("validation", "partial"),
            // caret ranges in pyproject.toml, locked by poetry.lock
            ("dependencies", "present"),
            ("reproducibility", "present"),
            ("ci", "present"),
            ("model-card", "missing"),
        ])
    );
    assert_findings(
        &report,
        &[
            ("CARD001", "README.md", 1),
            // "## Results"
            ("MET002", "README.md", 35),
            // first import of src/evaluate.py
            ("VAL002", "src/evaluate.py", 6),
        ],
    );
    // Warnings only: the default --fail-on is error.
    assert_eq!(code, 0);
}

/// A Hugging Face model repository: a card, a config and weights, no code.
/// Everything that needs code to apply is not applicable, and says why.
#[test]
fn hf_model_is_a_card_and_weights() {
    let (report, code) = lint("hf-model");
    assert_eq!(
        verdicts(&report),
        expected_verdicts(&[
            // "## Model Card Contact" with an e-mail address
            ("owners", "present"),
            ("monitoring", "not-applicable"),
            // The Hub's default .gitattributes lists *.arrow, *.parquet... for LFS, but no such file
            // exists: that is not data versioning, and there is no training code.
            ("data-versioning", "not-applicable"),
            // model-index values, Evaluation results table, no threshold (MET002)
            ("metrics", "partial"),
            ("validation", "not-applicable"),
            ("dependencies", "not-applicable"),
            ("reproducibility", "not-applicable"),
            ("ci", "not-applicable"),
            // front matter (pipeline_tag, model-index) and card sections
            ("model-card", "present"),
        ])
    );
    assert_findings(&report, &[("MET002", "README.md", 81)]);
    let reason = |id: &str| verdict(&report, id)["reason"].as_str().unwrap_or_default().to_string();
    assert!(reason("monitoring").starts_with("nothing here serves a model"), "{}", reason("monitoring"));
    assert!(reason("validation").starts_with("no ML code found"), "{}", reason("validation"));
    assert!(reason("dependencies").starts_with("no Python code found"), "{}", reason("dependencies"));
    assert!(reason("ci").starts_with("no Python code found"), "{}", reason("ci"));
    assert!(reason("reproducibility").starts_with("no training code found"), "{}", reason("reproducibility"));
    assert!(reason("data-versioning").starts_with("no training code found"), "{}", reason("data-versioning"));
    assert_eq!(code, 0);
}
