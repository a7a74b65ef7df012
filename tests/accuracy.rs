//! Issue 11 acceptance tests: verdicts a careful reader would sign.
//!
//! Each numbered class of issue 11 has test trees under `tests/trees/<NN-slug>/`: `fires*` trees show the
//! miss or the false alarm, `near-miss*` trees guard what must not change, `other-*` trees show a related
//! miss outside the class. The expected verdicts and findings are the careful reader's, from the
//! `EXPECTED.md` of each class (built with the trees); `tests/trees/repos/` holds mixed repositories with
//! the careful reader's nine verdicts.
//!
//! Per class there are two tests: `class_NN_…` asserts the fix on the `fires*` trees (ignored until the fix
//! lands), `class_NN_…_near_misses` asserts the guards, which hold today and must keep holding. Each test
//! lints every tree of its kind (a committed copy, see `tests/common/trees.rs`), compares the verdict of
//! the ingredients the class touches and the exact list of those ingredients' findings as
//! `(code, path, line)`, and fails once, listing every tree that differs.
//!
//! Conventions:
//! - `ANY_LINE`: the careful reader names the file but not the anchor line; code and path are asserted.
//! - `// either is correct: …` marks an expectation where the careful reader accepts two answers; the
//!   first one stated is asserted, the comment gives the other.
//! - A finding about the repository as a whole has path `"."` and line 0 (`ROOT`).

mod common;
#[path = "common/trees.rs"]
mod trees;
#[path = "common/work_tree.rs"]
mod work_tree;

use common::*;
use serde_json::{Value, json};
use trees::Tree;

/// The careful reader names the file of a finding but not its line.
const ANY_LINE: u64 = u64::MAX;
/// Where a finding about the repository as a whole points (`findings()` gives it path "." and line 0).
const ROOT: &str = ".";

/// An expected finding: (code, path, line or `ANY_LINE`).
type Finding<'a> = (&'a str, &'a str, u64);

/// The code prefix of an ingredient's rules (`MET` for MET001, MET002, MET003 ...).
fn rule_prefix(ingredient: &str) -> &'static str {
    match ingredient {
        "owners" => "OWN",
        "monitoring" => "MON",
        "data-versioning" => "DATA",
        "metrics" => "MET",
        "validation" => "VAL",
        "dependencies" => "DEP",
        "reproducibility" => "REP",
        "ci" => "CI",
        "model-card" => "CARD",
        other => panic!("unknown ingredient {other}"),
    }
}

/// The findings of one ingredient's rules, as (code, path, line).
fn ingredient_findings(report: &Value, ingredient: &str) -> Vec<(String, String, u64)> {
    let prefix = rule_prefix(ingredient);
    let mut items: Vec<_> = findings(report)
        .into_iter()
        .filter(|(code, _, _)| {
            code.strip_prefix(prefix).is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        })
        .collect();
    items.sort_by(|a, b| (&a.1, a.2, &a.0).cmp(&(&b.1, b.2, &b.0)));
    items
}

/// Whether `actual` is exactly `expected`, in any order (`ANY_LINE` matches any line).
fn same_findings(actual: &[(String, String, u64)], expected: &[Finding<'_>]) -> bool {
    if actual.len() != expected.len() {
        return false;
    }
    let mut left: Vec<&(String, String, u64)> = actual.iter().collect();
    // Exact lines first, so that a wildcard never takes the finding an exact expectation needs.
    let mut wanted: Vec<&Finding<'_>> = expected.iter().collect();
    wanted.sort_by_key(|(_, _, line)| *line == ANY_LINE);
    wanted.into_iter().all(|(code, path, line)| {
        let found = left.iter().position(|(c, p, l)| c == code && p == path && (*line == ANY_LINE || l == line));
        found.map(|i| left.remove(i)).is_some()
    })
}

fn show_expected(expected: &[Finding<'_>]) -> String {
    let items: Vec<String> = expected
        .iter()
        .map(|(code, path, line)| match *line {
            ANY_LINE => format!("{code} {path}:*"),
            line => format!("{code} {path}:{line}"),
        })
        .collect();
    format!("[{}]", items.join(", "))
}

fn show_actual(actual: &[(String, String, u64)]) -> String {
    let items: Vec<String> = actual.iter().map(|(code, path, line)| format!("{code} {path}:{line}")).collect();
    format!("[{}]", items.join(", "))
}

/// The first evidence lines of an ingredient, to say why a verdict is what it is.
fn show_evidence(ingredient: &Value) -> String {
    let items: Vec<String> = ingredient["evidence"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .take(3)
                .map(|e| {
                    format!(
                        "{}:{} {}",
                        e["path"].as_str().unwrap_or("."),
                        e["line"],
                        e["detail"].as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    format!("reason: {}; evidence: [{}]", ingredient["reason"], items.join("; "))
}

/// The careful reader's expectations for the trees of one class (or the mixed repositories). Every
/// mismatch is collected; `assert` fails once with all of them.
struct Class {
    folder: &'static str,
    mismatches: Vec<String>,
}

impl Class {
    fn new(folder: &'static str) -> Class {
        Class { folder, mismatches: Vec::new() }
    }

    /// A committed copy of the tree, linted.
    fn tree(&mut self, name: &str) -> Checked<'_> {
        self.lint(Tree::committed(&format!("{}/{name}", self.folder)), false)
    }

    /// A copy with the files under `untracked` left out of the commit, linted.
    fn tree_except(&mut self, name: &str, untracked: &[&str]) -> Checked<'_> {
        self.lint(Tree::committed_except(&format!("{}/{name}", self.folder), untracked), false)
    }

    /// A committed copy linted with `--verbose`, for checks of what stderr says.
    fn tree_verbose(&mut self, name: &str) -> Checked<'_> {
        self.lint(Tree::committed(&format!("{}/{name}", self.folder)), true)
    }

    fn lint(&mut self, tree: Tree, verbose: bool) -> Checked<'_> {
        let (report, stderr) = match verbose {
            true => {
                let (report, stderr) = tree.lint_verbose();
                (report, Some(stderr))
            }
            false => (tree.lint(&[]), None),
        };
        Checked { class: self, name: tree.name.clone(), report, stderr }
    }

    fn assert(self) {
        assert!(
            self.mismatches.is_empty(),
            "{} differs from the careful reader in {} place(s):\n  {}",
            self.folder,
            self.mismatches.len(),
            self.mismatches.join("\n  ")
        );
    }
}

/// One linted tree, checked expectation by expectation.
struct Checked<'c> {
    class: &'c mut Class,
    name: String,
    report: Value,
    stderr: Option<String>,
}

impl Checked<'_> {
    fn mismatch(&mut self, what: String) {
        self.class.mismatches.push(format!("{}: {what}", self.name));
    }

    /// The ingredient's verdict is `status`, and its rules report exactly `expected`.
    fn verdict(mut self, ingredient: &str, status: &str, expected: &[Finding<'_>]) -> Self {
        let verdict = verdict(&self.report, ingredient).clone();
        let actual = ingredient_findings(&self.report, ingredient);
        if verdict["status"] != status || !same_findings(&actual, expected) {
            let message = format!(
                "{ingredient}: expected {status} {}, got {} {} ({})",
                show_expected(expected),
                verdict["status"],
                show_actual(&actual),
                show_evidence(&verdict)
            );
            self.mismatch(message);
        }
        self
    }

    /// All nine verdicts, in the report's order.
    fn verdicts(mut self, expected: &[(&str, &str)]) -> Self {
        for (ingredient, status) in expected {
            let verdict = verdict(&self.report, ingredient).clone();
            if verdict["status"] != *status {
                let actual = show_actual(&ingredient_findings(&self.report, ingredient));
                let message = format!(
                    "{ingredient}: expected {status}, got {} {actual} ({})",
                    verdict["status"],
                    show_evidence(&verdict)
                );
                self.mismatch(message);
            }
        }
        let ids: Vec<String> = verdicts(&self.report).into_iter().map(|(id, _)| id).collect();
        let wanted: Vec<&str> = expected.iter().map(|(id, _)| *id).collect();
        if ids != wanted {
            self.mismatch(format!("ingredients: expected {wanted:?}, got {ids:?}"));
        }
        self
    }

    /// The JSON `reason` of the ingredient's verdict is exactly `text`.
    fn reason(mut self, ingredient: &str, text: &str) -> Self {
        let reason = verdict(&self.report, ingredient)["reason"].clone();
        if reason != text {
            self.mismatch(format!("{ingredient}: reason expected {text:?}, got {reason}"));
        }
        self
    }

    /// The JSON `coverage` of the ingredient's verdict is exactly `expected`.
    fn coverage(mut self, ingredient: &str, expected: Value) -> Self {
        let coverage = verdict(&self.report, ingredient)["coverage"].clone();
        if coverage != expected {
            self.mismatch(format!("{ingredient}: coverage expected {expected}, got {coverage}"));
        }
        self
    }

    /// A verdict that is not partial may show a count, but only a full one (`n of n`).
    fn no_partial_count(mut self, ingredient: &str) -> Self {
        let verdict = verdict(&self.report, ingredient).clone();
        let partial_entry = |entry: &Value| entry["covered"] != entry["total"];
        if verdict["coverage"].as_array().is_some_and(|entries| entries.iter().any(partial_entry)) {
            self.mismatch(format!("{ingredient}: a count short of the total: {}", verdict["coverage"]));
        }
        if let Some(reason) = verdict["reason"].as_str() {
            let counts = reason.split(';').all(|part| {
                let words: Vec<&str> = part.split_whitespace().collect();
                words.windows(3).all(|w| w[1] != "of" || w[0].parse::<u64>().is_err() || w[0] == w[2])
            });
            if !counts {
                self.mismatch(format!("{ingredient}: reason {reason:?} counts short of the total"));
            }
        }
        self
    }

    fn evidence_at(&self, ingredient: &str, path: &str, line: u64) -> bool {
        verdict(&self.report, ingredient)["evidence"]
            .as_array()
            .expect("evidence array")
            .iter()
            .any(|e| e["path"] == path && (line == ANY_LINE || e["line"] == line))
    }

    /// The ingredient's evidence lists `path:line`.
    fn evidence_has(mut self, ingredient: &str, path: &str, line: u64) -> Self {
        if !self.evidence_at(ingredient, path, line) {
            let shown = show_evidence(verdict(&self.report, ingredient));
            self.mismatch(format!("{ingredient}: evidence should list {path}:{line} ({shown})"));
        }
        self
    }

    /// The ingredient's evidence does not list `path` (at `line`, or anywhere with `ANY_LINE`).
    fn evidence_lacks(mut self, ingredient: &str, path: &str, line: u64) -> Self {
        if self.evidence_at(ingredient, path, line) {
            let shown = show_evidence(verdict(&self.report, ingredient));
            let place = match line {
                ANY_LINE => path.to_string(),
                line => format!("{path}:{line}"),
            };
            self.mismatch(format!("{ingredient}: evidence should not list {place} ({shown})"));
        }
        self
    }

    /// No finding of any rule points into `folder`.
    fn no_findings_under(mut self, folder: &str) -> Self {
        let inside: Vec<_> =
            findings(&self.report).into_iter().filter(|(_, path, _)| path.starts_with(&format!("{folder}/"))).collect();
        if !inside.is_empty() {
            self.mismatch(format!("findings in {folder}/: {}", show_actual(&inside)));
        }
        self
    }

    fn verbose_lines_with(&self, words: &[&str]) -> Vec<String> {
        let stderr = self.stderr.as_deref().expect("a tree linted with --verbose");
        stderr.lines().filter(|line| words.iter().all(|w| line.contains(w))).map(str::to_string).collect()
    }

    /// A `--verbose` line on stderr contains every one of `words`.
    fn verbose_says(mut self, words: &[&str]) -> Self {
        if self.verbose_lines_with(words).is_empty() {
            let lines: Vec<&str> =
                self.stderr.as_deref().unwrap_or("").lines().filter(|l| l.starts_with("mlready:")).collect();
            self.mismatch(format!("no --verbose line mentions all of {words:?}; the lines: {lines:?}"));
        }
        self
    }

    /// No `--verbose` line on stderr contains all of `words`.
    fn verbose_never_says(mut self, words: &[&str]) -> Self {
        let lines = self.verbose_lines_with(words);
        if !lines.is_empty() {
            self.mismatch(format!("--verbose should not say {words:?}: {lines:?}"));
        }
        self
    }
}

// ---------------------------------------------------------------------------------------------------
// Class 1: metrics under other headings, in tables, in result files and tutorials
// ---------------------------------------------------------------------------------------------------

/// Class 1 (metrics). Contract: metrics are "any tracked document (README, model card, docs, tutorials)
/// that names metrics with values or target thresholds, under any heading or in a results / model-zoo
/// table, or tracked result files (metrics.json, DVC metrics, evaluation result JSON) that the docs refer
/// to"; issue 11 §1: "A value counts when it sits on the same line or table row as the metric name, not
/// anywhere later in the section (an arXiv id is not a value)."
#[test]
fn class_01_metrics_under_any_heading_in_tables_result_files_and_tutorials() {
    let mut class = Class::new("01-metrics-headings-tables");
    // HF Trainer table under `## Training results`: `Validation Loss | Accuracy | F1` columns with values.
    class.tree("fires").verdict("metrics", "partial", &[("MET002", "README.md", 31)]);
    // Model zoo under `## Pretrained checkpoints` with `top-1 acc | top-5 acc` columns.
    // either is correct: MET002 README.md:1
    class.tree("fires-2").verdict("metrics", "partial", &[("MET002", "README.md", 13)]);
    // results/eval_step20000.json (lm-evaluation-harness output), linked from the README.
    // either is correct: MET002 README.md:1
    class.tree("fires-3").verdict("metrics", "partial", &[("MET002", "README.md", 14)]);
    // tutorials/03-quality-gate.md: "rejects a model whose r2_score is below the acceptance threshold 0.42".
    class.tree("fires-4").verdict("metrics", "present", &[]);
    // `mAP50 | mAP50-95` columns under `## Results`: not an empty section.
    class.tree("fires-5").verdict("metrics", "partial", &[("MET002", "README.md", 13)]);
    // The only digits after "accuracy" in `## Results` are an arXiv id: no value.
    class.tree("fires-6").verdict("metrics", "missing", &[("MET003", "README.md", 17)]);
    class.assert();
}

/// Class 1 guards. Contract: not evidence: "a heading with no value under it"; issue 11 §1: skip
/// "changelogs, licences, contributing guides, codes of conduct"; a value counts on "the same line or
/// table row as the metric name".
#[test]
fn class_01_metrics_near_misses() {
    let mut class = Class::new("01-metrics-headings-tables");
    // `## Training results` over a hyperparameter table: no metric name on any row.
    // either is correct: MET003 README.md:13 (if `Training results` becomes a metrics heading)
    class.tree("near-miss").verdict("metrics", "missing", &[("MET001", "README.md", 1)]);
    // "accuracy" next to an arXiv id, and "Loss curves" with no number.
    // either is correct: MET003 README.md:17
    class.tree("near-miss-2").verdict("metrics", "missing", &[("MET001", "README.md", 1)]);
    // Values only in CHANGELOG.md and CONTRIBUTING.md, which are skipped.
    class.tree("near-miss-3").verdict("metrics", "missing", &[("MET001", "README.md", 1)]);
    // Conventional `## Metrics` table, metric names as row labels, value and threshold on the same row.
    class.tree("near-miss-4").verdict("metrics", "present", &[]);
    class.assert();
}

// ---------------------------------------------------------------------------------------------------
// Class 2: monitoring configured by platform keys or raw API payloads
// ---------------------------------------------------------------------------------------------------

/// Class 2 (monitoring). Contract: monitoring is present with "platform monitors however declared (SDK
/// classes, config keys, raw API payloads, infrastructure code: SageMaker Model Monitor and data capture,
/// Vertex AI model monitoring, Azure ML data collection and Application Insights)".
#[test]
fn class_02_monitoring_by_platform_keys_and_raw_payloads() {
    let mut class = Class::new("02-platform-monitoring-keys");
    // Azure ML online deployment YAML: `app_insights_enabled: true`, `data_collector:` collections.
    class.tree("fires").verdict("monitoring", "present", &[]);
    // Azure ML SDK v1: `enable_app_insights=True`, `collect_model_data=True`, `ModelDataCollector`.
    class.tree("fires-2").verdict("monitoring", "present", &[]);
    // Vertex AI monitoring job as a REST body (camelCase JSON keys).
    class.tree("fires-3").verdict("monitoring", "present", &[]);
    // boto3 `DataCaptureConfig={"EnableCapture": True, ...}`, `create_monitoring_schedule(`.
    class.tree("fires-4").verdict("monitoring", "present", &[]);
    // `"appInsightsEnabled": true` in the REST body of an Azure ML online deployment (camelCase).
    class.tree("fires-5").verdict("monitoring", "present", &[]);
    class.assert();
}

/// Class 2 guards. Contract: not evidence: "a comment, TODO or prose that mentions a library"; a
/// declaration that turns monitoring off is not monitoring.
#[test]
fn class_02_monitoring_near_misses() {
    let mut class = Class::new("02-platform-monitoring-keys");
    // `app_insights_enabled: false`, `# data_collector:` commented out.
    class.tree("near-miss").verdict("monitoring", "missing", &[("MON001", "src/score.py", 21)]);
    // `DataCaptureConfig` with `"EnableCapture": False`.
    class.tree("near-miss-2").verdict("monitoring", "missing", &[("MON001", "code/inference.py", 8)]);
    // Vertex monitoring only in a roadmap (README) and a TODO comment.
    class.tree("near-miss-3").verdict("monitoring", "missing", &[("MON001", "serving/app.py", 7)]);
    // The same body with `"appInsightsEnabled": false`.
    class.tree("near-miss-4").verdict("monitoring", "missing", &[("MON001", "src/score.py", 17)]);
    class.assert();
}

// ---------------------------------------------------------------------------------------------------
// Class 3: predictions shipped through a generic logger in a serving route
// ---------------------------------------------------------------------------------------------------

/// Class 3 (monitoring). Contract: monitoring includes "prediction logging in a serving path (a library or
/// any logger, queue or event stream that records inputs and predictions from a serving entrypoint)".
#[test]
fn class_03_prediction_logging_through_generic_loggers() {
    let mut class = Class::new("03-prediction-logging-generic");
    // Flask route: `events.emit("prediction", {**payload, "prediction": y, ...})` to Fluentd.
    class.tree("fires").verdict("monitoring", "present", &[]);
    // FastAPI route: `producer.send("fraud.scored", value={...})` to Kafka.
    class.tree("fires-2").verdict("monitoring", "present", &[]);
    // FastAPI route: structlog `log.info("prediction", ...)`.
    class.tree("fires-3").verdict("monitoring", "present", &[]);
    class.assert();
}

/// Class 3 guards. Issue 11 §3: "Count it only inside files that are serving entrypoints"; a record that
/// carries neither the inputs nor the prediction is not prediction logging.
#[test]
fn class_03_prediction_logging_near_misses() {
    let mut class = Class::new("03-prediction-logging-generic");
    // The same structured "prediction" log, in the fine-tuning loop.
    class.tree("near-miss").verdict("monitoring", "missing", &[("MON001", "api/app.py", 10)]);
    // An access log (method, path, status, latency) in the serving app.
    class.tree("near-miss-2").verdict("monitoring", "missing", &[("MON001", "pricing/app.py", 12)]);
    // Startup lines that name inference ("Loading model for inference from %s", "Prediction service
    // ready") record no prediction.
    class.tree("near-miss-3").verdict("monitoring", "missing", &[("MON001", "api/main.py", 19)]);
    class.assert();
}

// ---------------------------------------------------------------------------------------------------
// Class 4: batch scoring through a managed job is serving
// ---------------------------------------------------------------------------------------------------

/// Class 4 (monitoring applicability). Contract: monitoring observes "a model or its data in production
/// ... Serving includes batch scoring jobs"; issue 11 §4: "A batch prediction or batch transform job
/// created through an SDK call or a request payload scores data in production even without a `.predict(`
/// call: monitoring applies there".
#[test]
fn class_04_batch_jobs_are_serving() {
    let mut class = Class::new("04-batch-jobs-are-serving");
    // Vertex AI `model.batch_predict(...)` over a BigQuery table.
    class.tree("fires").verdict("monitoring", "missing", &[("MON001", "jobs/run_batch_prediction.py", 18)]);
    // SageMaker `model.transformer(...)` (:22) then `transformer.transform(...)` (:30).
    // either is correct: MON001 pipelines/nightly_scoring.py:22
    class.tree("fires-2").verdict("monitoring", "missing", &[("MON001", "pipelines/nightly_scoring.py", 30)]);
    // boto3 `sm.create_transform_job(...)` request payload in a Lambda.
    class.tree("fires-3").verdict("monitoring", "missing", &[("MON001", "infra/start_transform.py", 15)]);
    class.assert();
}

/// Class 4 guards: a batch SQL job, a custom training job and an evaluation processing job score nothing
/// in production (monitoring stays `not-applicable`).
#[test]
fn class_04_batch_jobs_near_misses() {
    let mut class = Class::new("04-batch-jobs-are-serving");
    // BigQuery feature job and a Vertex custom *training* job.
    class.tree("near-miss").verdict("monitoring", "not-applicable", &[]);
    // SageMaker Processing job evaluating a candidate on the test set.
    class.tree("near-miss-2").verdict("monitoring", "not-applicable", &[]);
    class.assert();
}

// ---------------------------------------------------------------------------------------------------
// Class 5: CI files outside the default names, recognised by content
// ---------------------------------------------------------------------------------------------------

/// Class 5 (ci). Contract: ci is present with "a CI configuration that runs checks on changes
/// (.github/workflows, .gitlab-ci.yml, Azure Pipelines and Cloud Build files recognised by content
/// wherever they are, ...)"; not evidence: "one that only runs by hand"; issue 11 §5: "A pipeline whose
/// triggers are all `none` runs only by hand."
#[test]
fn class_05_ci_recognised_by_content() {
    let mut class = Class::new("05-ci-by-content");
    // Azure Pipelines at `.pipelines/pr-validation.yml`.
    class.tree("fires").verdict("ci", "present", &[]);
    // Azure Pipelines at `ci/azure/pr.yml`: `trigger: none` but `pr:` set.
    class.tree("fires-2").verdict("ci", "present", &[]);
    // Cloud Build config `deploy/cloudbuild/pr-checks.yaml`.
    class.tree("fires-3").verdict("ci", "present", &[]);
    // `trigger: none`, `pr: none`, but a nightly `schedules:` entry.
    class.tree("fires-4").verdict("ci", "present", &[]);
    // Root `azure-pipelines.yml` whose triggers are all `none`: runs by hand only.
    // either is correct: CI001 at the repository root (ROOT, 0); azure-pipelines.yml:2 is the careful
    // reader's "ideally", like the anchor of a GitHub workflow that only runs by hand.
    class.tree("fires-5").verdict("ci", "missing", &[("CI001", "azure-pipelines.yml", 2)]);
    class.assert();
}

/// Class 5 guards: a manual Azure pipeline, an Azure ML pipeline job with top-level `jobs:` and an Argo
/// workflow with nested `steps:` are not CI ("an empty or disabled workflow; one that only runs by hand").
#[test]
fn class_05_ci_near_misses() {
    let mut class = Class::new("05-ci-by-content");
    // `.pipelines/deploy.yml` with `trigger: none`, `pr: none`, no schedule.
    // Anchored at its `trigger: none`, like fires-5's root `azure-pipelines.yml`.
    class.tree("near-miss").verdict("ci", "missing", &[("CI001", ".pipelines/deploy.yml", 2)]);
    // Azure ML `pipelineJob` YAML.
    class.tree("near-miss-2").verdict("ci", "missing", &[("CI001", ROOT, 0)]);
    // Argo CronWorkflow: `steps:` nested under `spec.workflowSpec.templates`.
    class.tree("near-miss-3").verdict("ci", "missing", &[("CI001", ROOT, 0)]);
    class.assert();
}

// ---------------------------------------------------------------------------------------------------
// Class 6: tracked folders with build-output names
// ---------------------------------------------------------------------------------------------------

/// Class 6 (tracked `build/`, `dist/`). Issue 11 §6: "A tracked `build/` folder of CI configs, or a source
/// package named `build` or `dist`, is never read today. The default excluded folders are for untracked
/// output: apply them to files git does not track, and keep honouring `.gitignore` and the config's
/// `exclude`."
#[test]
fn class_06_tracked_build_and_dist_folders_are_read() {
    let mut class = Class::new("06-tracked-build-dist");
    // Tracked build/requirements.txt, every runtime requirement pinned.
    class.tree("fires").verdict("dependencies", "present", &[]);
    // A source package named `dist` (distillation) holds all the training code.
    class.tree("fires-2").verdict("reproducibility", "present", &[]).verdict(
        "data-versioning",
        "missing",
        &[("DATA001", "dist/train_student.py", 29)],
    );
    class.assert();
}

/// Class 6 guards: untracked setuptools output stays excluded (the tree has no `.gitignore`: the rule is
/// "untracked", not "ignored"), and the config's `exclude` wins over tracking.
#[test]
fn class_06_build_and_dist_near_misses() {
    let mut class = Class::new("06-tracked-build-dist");
    // build/lib/recsys/train.py is an untracked stale copy, the only file that seeds.
    class.tree_except("near-miss", &["build"]).verdict(
        "reproducibility",
        "missing",
        &[("REP001", "src/recsys/train.py", 37)],
    );
    // mlready.toml: `exclude = ["build/**"]`.
    class.tree("near-miss-2").verdict("dependencies", "missing", &[("DEP001", "README.md", 1)]);
    class.assert();
}

// ---------------------------------------------------------------------------------------------------
// Class 7: evaluation code in an evaluation package, a notebook cell or a pipeline step
// ---------------------------------------------------------------------------------------------------

/// Class 7 (validation). Contract: validation is present with "evaluate / validate scripts (also
/// plain-named modules of an `eval/` or `evaluation/` package), notebook cells or pipeline steps that
/// evaluate a trained model on held-out data". No tree has a quality gate, so each is `partial` (VAL002).
#[test]
fn class_07_evaluation_in_packages_notebooks_and_pipeline_steps() {
    let mut class = Class::new("07-eval-packages-notebooks");
    // simclr_lite/eval/knn.py and simclr_lite/eval/linear.py.
    // Line not specified ("first line of code" of knn.py): code and path only.
    // either is correct: VAL002 main_pretrain.py:48
    class.tree("fires").verdict("validation", "partial", &[("VAL002", "simclr_lite/eval/knn.py", ANY_LINE)]);
    // Notebook cell `model.evaluate(x_test, y_test)` (.ipynb line 114).
    class.tree("fires-2").verdict("validation", "partial", &[("VAL002", "notebooks/02_cnn_fashion_mnist.ipynb", 114)]);
    // SageMaker `@step(name="model-evaluation") def evaluate(...)`, `ModelMetrics(...)`.
    // either is correct: VAL002 pipelines/pipeline.py:25
    class.tree("fires-3").verdict("validation", "partial", &[("VAL002", "pipelines/pipeline.py", 34)]);
    class.assert();
}

/// Class 7 guards. Contract: not evidence: "a validation-loss loop inside training"; issue 11 §7: "Do not
/// turn `%%writefile` cells into virtual files (a written `requirements.txt` must not become dependency
/// evidence)."
#[test]
fn class_07_evaluation_near_misses() {
    let mut class = Class::new("07-eval-packages-notebooks");
    // Notebook that only trains with `validation_split` and plots the curves.
    class.tree("near-miss").verdict("validation", "missing", &[("VAL001", "notebooks/01_train.ipynb", 45)]);
    // `data/eval/` holds prompts, `scripts/benchmark_throughput.py` measures speed.
    class.tree("near-miss-2").verdict("validation", "missing", &[("VAL001", "tinychat/sft.py", 18)]);
    // `%%writefile requirements.txt` and `%%writefile app.py` in a Colab notebook.
    class.tree("near-miss-3").verdict("dependencies", "missing", &[("DEP001", "README.md", 1)]).verdict(
        "monitoring",
        "not-applicable",
        &[],
    );
    class.assert();
}

// ---------------------------------------------------------------------------------------------------
// Class 8: requirement lines that never get judged
// ---------------------------------------------------------------------------------------------------

/// Class 8 (dependencies). Issue 11 §8: "`git+https://host/org/lib.git` with no `@<commit>` is not pinned;
/// channel-qualified conda specs (`- pytorch::pytorch=2.1.0`) are judged like unqualified ones."
#[test]
fn class_08_bare_git_urls_and_channel_qualified_conda_specs_are_judged() {
    let mut class = Class::new("08-unjudged-requirement-lines");
    // `git+https://github.com/openai/CLIP.git` with no commit.
    class.tree("fires").verdict("dependencies", "partial", &[("DEP002", "requirements.txt", 10)]);
    // `pytorch::pytorch=2.1.0`, `pytorch::torchaudio=2.1.0`, `nvidia::pytorch-cuda=12.1`.
    class.tree("fires-2").verdict(
        "dependencies",
        "partial",
        &[("DEP003", "environment.yml", 8), ("DEP003", "environment.yml", 9), ("DEP003", "environment.yml", 10)],
    );
    class.assert();
}

/// Class 8 guards: a commit-pinned URL, exact channel-qualified specs and `-r` / `-e .` / `--index-url`
/// option lines stay pinned ("requirements with `==`" and options are not requirements).
#[test]
fn class_08_requirement_lines_near_misses() {
    let mut class = Class::new("08-unjudged-requirement-lines");
    class.tree("near-miss").verdict("dependencies", "present", &[]);
    class.tree("near-miss-2").verdict("dependencies", "present", &[]);
    class.tree("near-miss-3").verdict("dependencies", "present", &[]);
    class.assert();
}

// ---------------------------------------------------------------------------------------------------
// Class 9: training-time logging taken for monitoring
// ---------------------------------------------------------------------------------------------------

/// Class 9 (monitoring). Contract: not evidence: "experiment tracking while training (MLflow / W&B logging
/// in train.py, prediction logging from a validation hook)"; issue 11 §9: "prediction logging counts only
/// in serving entrypoints, never in files that log to an experiment tracker."
#[test]
fn class_09_training_time_prediction_logging_is_not_monitoring() {
    let mut class = Class::new("09-training-logging-not-monitoring");
    // `log_predictions(imgs, preds)` in a W&B Lightning callback; serve/app.py watches nothing.
    class.tree("fires").verdict("monitoring", "missing", &[("MON001", "serve/app.py", 10)]);
    // Same callback beside real prediction logging in the route: the callback is no longer evidence.
    class.tree("near-miss").evidence_lacks("monitoring", "segmenter/callbacks.py", ANY_LINE);
    class.assert();
}

/// Class 9 guards: prediction logging in the serving route stays evidence, also in a file that imports
/// mlflow only to load the model.
#[test]
fn class_09_training_logging_near_misses() {
    let mut class = Class::new("09-training-logging-not-monitoring");
    class.tree("near-miss").verdict("monitoring", "present", &[]).evidence_has("monitoring", "serve/app.py", ANY_LINE);
    class.tree("near-miss-2").verdict("monitoring", "present", &[]).evidence_has("monitoring", "serve/app.py", 16);
    class.assert();
}

// ---------------------------------------------------------------------------------------------------
// Class 10: model-weight checksums taken for data versioning
// ---------------------------------------------------------------------------------------------------

/// Class 10 (data-versioning). Contract: not evidence: "a checksum of model weights (that is not data)";
/// issue 11 §10: "with no training code the ingredient is then `not-applicable`."
#[test]
fn class_10_weight_checksums_are_not_data_versioning() {
    let mut class = Class::new("10-weight-checksums-not-data");
    // Inference-only release; the checksum verifies `depthlite_vits.pth`.
    class.tree("fires").verdict("data-versioning", "not-applicable", &[]);
    // Backbone weights verified, training data (`data/leaves/`) not versioned.
    class.tree("fires-2").verdict("data-versioning", "missing", &[("DATA001", "src/finetune.py", 21)]);
    class.assert();
}

/// Class 10 guards. Issue 11 §10: "A checksum compared against a committed list of data shards stays
/// evidence."
#[test]
fn class_10_data_checksum_near_misses() {
    let mut class = Class::new("10-weight-checksums-not-data");
    // Shards checked against the committed data/shards.sha256.
    class.tree("near-miss").verdict("data-versioning", "present", &[]);
    // `sha256sum -c SHA256SUMS` over the WMT corpora.
    class.tree("near-miss-2").verdict("data-versioning", "present", &[]);
    class.assert();
}

/// Not class 10 (SUMMARY.md, other 11): checksums the `verified-download` pattern misses. Contract:
/// data-versioning is present with "checksums verified for downloads".
#[test]
fn class_10_other_checksum_forms_are_verified_downloads() {
    let mut class = Class::new("10-weight-checksums-not-data");
    // `if sha256_of(dest) != expected:` with the digest computed in a helper.
    class.tree("other-helper-checksum").verdict("data-versioning", "present", &[]);
    // `download_and_extract_archive(url, root, md5=self.tgz_md5)`.
    class.tree("other-md5-kwarg").verdict("data-versioning", "present", &[]);
    class.assert();
}

// ---------------------------------------------------------------------------------------------------
// Class 11: a single generic card heading is not a model card
// ---------------------------------------------------------------------------------------------------

/// Class 11 (model-card). Issue 11 §11: "One `### Model details` over a hyperparameter table in a
/// benchmark README is not a model card: require two card sections, or one distinctive one (intended use,
/// out-of-scope use, limitations, bias and risks, ethical considerations)."
#[test]
fn class_11_a_single_generic_card_heading_is_not_a_model_card() {
    let mut class = Class::new("11-single-card-heading");
    class.tree("fires").verdict("model-card", "missing", &[("CARD001", "README.md", 1)]);
    class.assert();
}

/// Class 11 guards: three card sections, or one distinctive `## Intended uses & limitations`, stay a card.
#[test]
fn class_11_card_heading_near_misses() {
    let mut class = Class::new("11-single-card-heading");
    class.tree("near-miss").verdict("model-card", "present", &[]);
    class.tree("near-miss-2").verdict("model-card", "present", &[]);
    class.assert();
}

// ---------------------------------------------------------------------------------------------------
// Class 12: MET003 on sections that are not empty of metrics
// ---------------------------------------------------------------------------------------------------

/// Class 12 (metrics, MET003). Issue 11 §12: MET003 is a false alarm on "A heading that is a link to a
/// metrics library (`### Evaluation: [Scikit-Learn Metrics](https://...)`), a section that explains how to
/// run the evaluation (mostly commands and code blocks), or an index of result files beside the README;
/// and any of these when values are documented elsewhere in the same document."
#[test]
fn class_12_met003_only_on_sections_that_are_empty() {
    let mut class = Class::new("12-met003-not-empty");
    // `### Evaluation: [Scikit-Learn Metrics](...)`, no value anywhere: MET001, not MET003.
    class.tree("fires").verdict("metrics", "missing", &[("MET001", "README.md", 1)]);
    // `## Evaluation` is a how-to; values are under `## Leaderboard`.
    class.tree("fires-2").verdict("metrics", "partial", &[("MET002", "README.md", 23)]);
    // results/README.md indexes result JSON files holding WER / CER.
    // either is correct: MET002 results/README.md:1
    class.tree("fires-3").verdict("metrics", "partial", &[("MET002", "README.md", 10)]);
    class.assert();
}

/// Class 12 guards: a template placeholder and a "TBD" section are genuinely empty ("Template
/// placeholders ... are never evidence"): MET003 stays.
#[test]
fn class_12_met003_near_misses() {
    let mut class = Class::new("12-met003-not-empty");
    // HF auto-generated card: `## Evaluation` → `[More Information Needed]`.
    class.tree("near-miss").verdict("metrics", "missing", &[("MET003", "README.md", 22)]);
    // `## Results` → "TBD ... after the January data freeze" (the only number is a year).
    class.tree("near-miss-2").verdict("metrics", "missing", &[("MET003", "README.md", 13)]);
    class.assert();
}

// ---------------------------------------------------------------------------------------------------
// Class 13: anchors chosen by relevance, not path order
// ---------------------------------------------------------------------------------------------------

/// Class 13 (DATA001 and VAL001 anchors). Issue 11 §13: "Prefer data loads in files that train, skip
/// serving, inference and evaluation files and definitions, prefer `train*.py`"; VAL001 must not land "on
/// a speed benchmark". Verdicts do not change; where the finding points does.
#[test]
fn class_13_anchors_point_at_the_training_code() {
    let mut class = Class::new("13-anchor-relevance");
    // batch_score.py, hpo/analyze_study.py and benchmarks/fit_speed.py sort before train.py.
    class.tree("fires").verdict("data-versioning", "missing", &[("DATA001", "train.py", 14)]).verdict(
        "validation",
        "missing",
        &[("VAL001", "train.py", 17)],
    );
    // `class CIFAR10(VisionDataset)` is a definition; benchmarks/step_time.py times random tensors.
    // VAL001: line not specified ("the training loop, e.g. :27, or the first training line"): path only.
    class.tree("fires-2").verdict("data-versioning", "missing", &[("DATA001", "train.py", 15)]).verdict(
        "validation",
        "missing",
        &[("VAL001", "train.py", ANY_LINE)],
    );
    class.assert();
}

/// Class 13 guard: when the training script reads nothing itself, DATA001 stays on the load that feeds it.
#[test]
fn class_13_anchor_near_misses() {
    let mut class = Class::new("13-anchor-relevance");
    class.tree("near-miss").verdict("data-versioning", "missing", &[("DATA001", "src/pipeline/data.py", 7)]).verdict(
        "validation",
        "missing",
        &[("VAL001", "src/pipeline/train.py", 10)],
    );
    class.assert();
}

// ---------------------------------------------------------------------------------------------------
// Class 14: vendored and archived third-party code
// ---------------------------------------------------------------------------------------------------

/// Class 14 (vendored code). Contract: "Vendored or generated code (`linguist-vendored` /
/// `linguist-generated`, a packaged upstream copy under `third_party/`, `vendor/`, `external/`) neither
/// makes a rule apply nor carries findings"; `--verbose` says which folder is vendored.
#[test]
fn class_14_vendored_code_neither_applies_rules_nor_carries_findings() {
    let mut class = Class::new("14-vendored-code");
    // third_party/stylegan2_ada/ has its own LICENSE.txt and setup.py, and a Flask demo server.
    class
        .tree_verbose("fires")
        .verdict("monitoring", "not-applicable", &[])
        .verdict("dependencies", "present", &[])
        .no_findings_under("third_party/stylegan2_ada")
        .verbose_says(&["third_party/stylegan2_ada", "vendored"]);
    // `.gitattributes`: `legacy/** linguist-vendored`; legacy/char-lm/ has a Flask server.
    class
        .tree_verbose("fires-2")
        .verdict("monitoring", "not-applicable", &[])
        .verdict("dependencies", "present", &[])
        .no_findings_under("legacy")
        .verbose_says(&["legacy", "vendored"]);
    class.assert();
}

/// Class 14 guards. Issue 11 §14: "a subfolder with its own licence and packaging under a vendor-like
/// folder" is the test, not the folder name; `linguist-documentation` is not vendoring.
#[test]
fn class_14_vendored_code_near_misses() {
    let mut class = Class::new("14-vendored-code");
    // external/api/ is the team's own partner API: no licence, no packaging.
    class
        .tree_verbose("near-miss")
        .verdict("monitoring", "missing", &[("MON001", "external/api/main.py", 6)])
        .verdict(
            "dependencies",
            "partial",
            &[("DEP002", "external/api/requirements.txt", 1), ("DEP002", "external/api/requirements.txt", 2)],
        )
        .verbose_never_says(&["external/api", "vendored"]);
    // `*.ipynb linguist-documentation` and an LFS filter only.
    class.tree("near-miss-2").verdict("reproducibility", "missing", &[("REP001", "notebooks/02_train.ipynb", 34)]);
    // third_party/coco_tools/ is a copied script without licence or packaging: its findings stay.
    class
        .tree_verbose("near-miss-3")
        .verdict(
            "data-versioning",
            "missing",
            &[
                ("DATA001", "detector/train.py", 13),
                ("DATA003", "third_party/coco_tools/get_coco.sh", 5),
                ("DATA003", "third_party/coco_tools/get_coco.sh", 6),
                ("DATA003", "third_party/coco_tools/get_coco.sh", 7),
            ],
        )
        .verbose_never_says(&["third_party/coco_tools", "vendored"]);
    class.assert();
}

// ---------------------------------------------------------------------------------------------------
// Class 15: pattern collisions in evidence text
// ---------------------------------------------------------------------------------------------------

/// Class 15 (pattern collisions). Issue 11 §15: "A local `class BaseModel(nn.Module)` reported as
/// "validates records with a pydantic model"; "at least 4 GPUs ... bf16 precision" reported as "states a
/// target"; `cut -c` taken for a checksum command; `dataset.train_test_split(test_size=0.1, seed=42)`
/// (Hugging Face datasets) reported by REP002 as an unseeded split; Hydra `seed: null` with
/// `seed_everything(cfg.seed)` counted as seeded."
#[test]
fn class_15_pattern_collisions_are_not_evidence() {
    let mut class = Class::new("15-pattern-collisions");
    // `class BaseModel(nn.Module)` is the repository's own torch base class.
    // VAL001: line not specified ("the training loop, e.g. :44 or :29"): path only.
    class.tree("fires").verdict("validation", "missing", &[("VAL001", "train.py", ANY_LINE)]);
    // "Training needs at least 4 GPUs ... bf16 precision" is a hardware requirement.
    class.tree("fires-2").verdict("metrics", "missing", &[("MET001", "README.md", 1)]);
    // `sha256sum ... | cut -c 1-12` prints a fingerprint; the curl of a `latest` URL is unverified.
    class.tree("fires-3").verdict(
        "data-versioning",
        "missing",
        &[("DATA001", "train.py", 8), ("DATA003", "scripts/fetch_data.sh", 4)],
    );
    // Hugging Face `train_test_split(test_size=0.1, seed=42, ...)` is seeded.
    class.tree("fires-4").verdict("reproducibility", "present", &[]);
    // conf/config.yaml `seed: null` → `L.seed_everything(cfg.seed)` seeds at random.
    class.tree("fires-5").verdict("reproducibility", "missing", &[("REP001", "src/train.py", 34)]);
    // "stratified 5-fold cross-validation on accuracy, precision, recall": the 5 is not a value.
    class.tree("fires-6").verdict("metrics", "missing", &[("MET001", "README.md", 1)]);
    // The GPU line is no longer metrics evidence; the real release criterion (README.md:11) is.
    class.tree("near-miss-2").evidence_has("metrics", "README.md", 11).evidence_lacks("metrics", "README.md", 7);
    class.assert();
}

/// Class 15 guards: a real pydantic schema, a real release criterion, `shasum -a 256 -c`, a scikit-learn
/// split without `random_state` and a Hydra `seed: 20240603` keep their verdicts.
#[test]
fn class_15_pattern_collision_near_misses() {
    let mut class = Class::new("15-pattern-collisions");
    class.tree("near-miss").verdict("validation", "partial", &[("VAL002", "train.py", 8)]);
    class.tree("near-miss-2").verdict("metrics", "present", &[]);
    class.tree("near-miss-3").verdict("data-versioning", "present", &[]);
    class.tree("near-miss-4").verdict("reproducibility", "partial", &[("REP002", "train.py", 8)]);
    class.tree("near-miss-5").verdict("reproducibility", "present", &[]);
    class.assert();
}

// ---------------------------------------------------------------------------------------------------
// Item 16 ("Also"): a partial verdict says how partial
// ---------------------------------------------------------------------------------------------------

/// Item 16 (partial coverage). Contract: "A `partial` verdict says how partial ("9 of 11 runtime
/// requirements pinned", "CODEOWNERS covers 3 of 7 ML folders")." In JSON: `reason` is the coverage
/// sentence(s) and `coverage` lists `{code, covered, total, text}`.
#[test]
fn class_16_a_partial_verdict_says_how_partial() {
    let mut class = Class::new("16-partial-says-how-partial");
    let floating_loads: &[Finding<'_>] = &[
        ("DATA002", "data_prep/build_mix.py", 14),
        ("DATA002", "data_prep/build_mix.py", 15),
        ("DATA002", "data_prep/build_mix.py", 16),
        ("DATA002", "eval/rouge.py", 6),
        ("DATA002", "notebooks/error_analysis.ipynb", 21),
    ];
    // either is correct: "2 of 5 training loads pinned", if only the loads that feed training count
    // (then the text must say so); the 5 DATA002 findings are the same either way.
    let loads = json!([{ "code": "DATA002", "covered": 2, "total": 7, "text": "2 of 7 dataset loads pinned" }]);
    let folders =
        json!([{ "code": "OWN003", "covered": 3, "total": 7, "text": ".github/CODEOWNERS covers 3 of 7 ML folders" }]);
    class
        .tree("fires")
        .verdict("dependencies", "partial", &[("DEP002", "requirements.txt", 10), ("DEP002", "requirements.txt", 11)])
        .reason("dependencies", "9 of 11 runtime requirements pinned")
        .coverage(
            "dependencies",
            json!([{ "code": "DEP002", "covered": 9, "total": 11, "text": "9 of 11 runtime requirements pinned" }]),
        )
        .verdict("data-versioning", "partial", floating_loads)
        .reason("data-versioning", "2 of 7 dataset loads pinned")
        .coverage("data-versioning", loads.clone())
        .verdict("owners", "partial", &[("OWN003", ".github/CODEOWNERS", 1)])
        .reason("owners", ".github/CODEOWNERS covers 3 of 7 ML folders")
        .coverage("owners", folders.clone());
    // The same tree with every requirement pinned: data-versioning and owners say the same counts.
    class
        .tree("near-miss")
        .verdict("data-versioning", "partial", floating_loads)
        .reason("data-versioning", "2 of 7 dataset loads pinned")
        .coverage("data-versioning", loads)
        .verdict("owners", "partial", &[("OWN003", ".github/CODEOWNERS", 1)])
        .reason("owners", ".github/CODEOWNERS covers 3 of 7 ML folders")
        .coverage("owners", folders);
    class.assert();
}

/// Item 16 guard: with every requirement pinned, dependencies stay `present`; "if a count is shown it is
/// "11 of 11"".
#[test]
fn class_16_partial_count_near_miss() {
    let mut class = Class::new("16-partial-says-how-partial");
    class.tree("near-miss").verdict("dependencies", "present", &[]).no_partial_count("dependencies");
    class.assert();
}

// ---------------------------------------------------------------------------------------------------
// Mixed repositories: the nine verdicts of a careful reading
// ---------------------------------------------------------------------------------------------------

/// Azure ML pipeline repository (mlops-v2 layout). Classes 1, 2, 5, 8 and 13, plus "other" (a conda
/// environment named `train-conda.yml`): the careful reader's verdicts in
/// `repos/azureml-taxi-fare-mlops.EXPECTED.md`.
#[test]
fn repo_azureml_taxi_fare_mlops() {
    let mut class = Class::new("repos");
    class.tree("azureml-taxi-fare-mlops").verdicts(&[
        ("owners", "missing"),
        ("monitoring", "present"),
        ("data-versioning", "missing"),
        ("metrics", "present"),
        ("validation", "present"),
        ("dependencies", "partial"),
        ("reproducibility", "present"),
        ("ci", "present"),
        ("model-card", "missing"),
    ]);
    class.assert();
}

/// Vertex AI pipelines repository: a batch prediction job with `model_monitoring_config` in a raw request
/// dict, Cloud Build configs with other names, a `git+https` requirement without a commit (classes 2, 4,
/// 5, 8): `repos/vertex-churn-pipelines.EXPECTED.md`.
#[test]
fn repo_vertex_churn_pipelines() {
    let mut class = Class::new("repos");
    class.tree("vertex-churn-pipelines").verdicts(&[
        ("owners", "present"),
        ("monitoring", "present"),
        ("data-versioning", "missing"),
        ("metrics", "present"),
        ("validation", "present"),
        ("dependencies", "partial"),
        ("reproducibility", "present"),
        ("ci", "present"),
        ("model-card", "missing"),
    ]);
    class.assert();
}

/// Research code release with a model zoo, a weights checksum, a local `BaseModel`, Hydra `seed: null`
/// and a vendored upstream demo (classes 1, 7, 10, 11, 12, 14, 15, plus "other": a test file's digest
/// comparison): `repos/vitcompress-release.EXPECTED.md`.
#[test]
fn repo_vitcompress_release() {
    let mut class = Class::new("repos");
    class.tree("vitcompress-release").verdicts(&[
        ("owners", "missing"),
        ("monitoring", "not-applicable"),
        ("data-versioning", "missing"),
        ("metrics", "partial"),
        ("validation", "partial"),
        ("dependencies", "partial"),
        ("reproducibility", "missing"),
        ("ci", "present"),
        ("model-card", "missing"),
    ]);
    class.assert();
}

/// SageMaker Projects layout: data capture in CloudFormation, a monitoring schedule and a batch transform
/// through boto3 (classes 2, 4), plus "other": a `ConditionStep` quality gate, `==` pins in setup.py, a
/// CodeBuild buildspec as CI: `repos/sagemaker-fraud-mlops.EXPECTED.md`.
#[test]
fn repo_sagemaker_fraud_mlops() {
    let mut class = Class::new("repos");
    class.tree("sagemaker-fraud-mlops").verdicts(&[
        ("owners", "missing"),
        ("monitoring", "present"),
        ("data-versioning", "missing"),
        ("metrics", "present"),
        ("validation", "present"),
        ("dependencies", "present"),
        ("reproducibility", "present"),
        ("ci", "present"),
        ("model-card", "missing"),
    ]);
    class.assert();
}

/// MLflow Project: `### Benchmark scores` with snake_case columns, channel-qualified conda specs, a
/// `log_predictions` helper used while evaluating (classes 1, 8, 9, 13):
/// `repos/mlflow-flight-delays.EXPECTED.md`.
#[test]
fn repo_mlflow_flight_delays() {
    let mut class = Class::new("repos");
    class.tree("mlflow-flight-delays").verdicts(&[
        ("owners", "present"),
        ("monitoring", "missing"),
        ("data-versioning", "missing"),
        ("metrics", "present"),
        ("validation", "present"),
        ("dependencies", "partial"),
        ("reproducibility", "present"),
        ("ci", "present"),
        ("model-card", "missing"),
    ]);
    class.assert();
}

/// Not a numbered class (SUMMARY.md "other"): a seed in a parameter dict, `{"seed": 20240611}` for
/// LightGBM's native API, is a seed; the same key commented out is not.
#[test]
fn other_seed_in_a_parameter_dict() {
    let mut class = Class::new("15-pattern-collisions");
    class.tree("other-param-dict-seed").verdict("reproducibility", "present", &[]);
    class.tree("other-param-dict-seed-near-miss").verdict("reproducibility", "missing", &[("REP001", "train.py", 28)]);
    class.assert();
}

/// Not a numbered class (trial repositories): a data URL held in a variable, passed to a helper, or
/// fetched with Keras `get_file` is an unverified download (DATA003); `get_file(..., file_hash=...)` is
/// a verified one.
#[test]
fn other_data_urls_through_variables_helpers_and_get_file() {
    let mut class = Class::new("10-weight-checksums-not-data");
    class.tree("other-url-forms").verdict(
        "data-versioning",
        "missing",
        &[
            ("DATA001", "train.py", 10),
            ("DATA003", "train.py", 6),
            ("DATA003", "train.py", 16),
            ("DATA003", "train.py", 20),
        ],
    );
    class.tree("other-url-forms-near-miss").verdict("data-versioning", "present", &[]);
    class.assert();
}

/// Not a numbered class (tried on a platform monorepo of issue 14): a seed handed on from the config
/// is a seed. `{"seed": params["seed"]}` (LightGBM's native API reading DVC's `params.yaml`) and
/// `XGBClassifier(seed=cfg.seed)` (Hydra) were REP001 "without a fixed random seed"; only the call
/// form `seed_everything(cfg.seed)` counted. As for that form, a config that leaves the seed empty
/// (`seed: null`) makes it random again, and REP001 points at the line that reads it; the same key
/// commented out is no seed.
#[test]
fn other_seeds_handed_on_from_the_config() {
    let mut class = Class::new("17-seeds-from-config");
    class.tree("params-dict-seed").verdict("reproducibility", "present", &[]);
    class.tree("config-keyword-seed").verdict("reproducibility", "present", &[]);
    class.tree("null-seed").verdict("reproducibility", "missing", &[("REP001", "src/train.py", 12)]);
    class.tree("near-miss").verdict("reproducibility", "missing", &[("REP001", "src/train.py", 14)]);
    class.assert();
}

/// Not a numbered class (tried on a platform monorepo of issue 14): a library of scikit-learn
/// transformers trains nothing. Its `def fit(self, X, y=None): return self` was training code, so the
/// library got DATA001 and REP001 at that line; an estimator's `fit` method is scikit-learn's API. A
/// `fit` method that trains calls a model's `.fit(` inside it, which is training code as before.
#[test]
fn other_an_estimators_fit_method_is_not_training() {
    let mut class = Class::new("18-estimator-fit-method");
    class.tree("library").verdict("reproducibility", "not-applicable", &[]).verdict(
        "data-versioning",
        "not-applicable",
        &[],
    );
    class.tree("near-miss").verdict("reproducibility", "missing", &[("REP001", "src/featurekit/transformers.py", 35)]);
    class.assert();
}

/// Not a numbered class (tried on a course repository of issue 14, as ML Zoomcamp writes it): a
/// Flask app named by a string, `app = Flask("churn")`, serves a model as `Flask(__name__)` does. It
/// was no serving entrypoint, so an `app.py` scoring a pickled model had monitoring not applicable.
/// The near miss: the same words in a comment of a script that only exports the model.
#[test]
fn other_a_flask_app_named_by_a_string_serves() {
    let mut class = Class::new("19-flask-app-names");
    class.tree("fires").verdict("monitoring", "missing", &[("MON001", "app.py", 8)]);
    class.tree("near-miss").verdict("monitoring", "not-applicable", &[]);
    class.assert();
}

/// Not a numbered class (trial repositories of a fine-tuning project and a RAG service): a contact
/// section is one whose whole heading names contacts, and what names a contact is a handle or an
/// address in its prose. A title starting with "support" (`# support-ticket-router`) made the whole
/// README a contact section, and the `@v0.3.0` of a pip URL in it a handle; a `## Support` section
/// holding only a code block counted its `@torch.no_grad()`. Each gave owners "present" and hid
/// OWN001. The near miss: "Support & contact" naming a team and an address.
#[test]
fn other_a_contact_section_names_a_contact_in_prose() {
    let mut class = Class::new("20-contact-headings");
    class.tree("fires-title").verdict("owners", "missing", &[("OWN001", ROOT, 0)]);
    class.tree("fires-fenced").verdict("owners", "missing", &[("OWN001", ROOT, 0)]);
    class.tree("near-miss").verdict("owners", "present", &[]);
    class.assert();
}

/// Not a numbered class (trial repository of a nightly batch scorer): a batch job's summary line,
/// `log.info("scored %d applications, wrote %s rows to %s", ...)`, counts predictions; it records
/// none. It was "records each prediction", so monitoring was present on it alone and MON001 never
/// fired. The near miss: a line per scored application, with its score.
#[test]
fn other_a_batch_summary_line_is_not_prediction_logging() {
    let mut class = Class::new("21-prediction-summaries");
    class.tree("fires").verdict("monitoring", "missing", &[("MON001", "score.py", 22)]);
    class.tree("near-miss").verdict("monitoring", "present", &[]);
    class.assert();
}

/// Not a numbered class (trial repositories of a fine-tuning project, a credit-risk scorer and a
/// Vertex AI pipeline): release gates written as real teams write them were VAL002 "nothing stops a
/// worse model from shipping". An `elif` branch that exits (`\bif\b` never matched `elif`); a
/// `raise PromotionRejected(...)` (only `*Error`, `*Gate*` and `*Quality*` classes counted); a KFP
/// pipeline that deploys under `with dsl.If(evaluation.output == "true")`; a script named
/// `check_eval_threshold.py` whose loop compares `value < minimum` and returns 1. The near miss: a
/// comparison with the best run that only prints, and a `dsl.If` on a flag.
#[test]
fn other_release_gates_as_teams_write_them() {
    let mut class = Class::new("22-quality-gates");
    for tree in ["fires-elif", "fires-raise", "fires-kfp", "fires-script"] {
        class.tree(tree).verdict("validation", "present", &[]);
    }
    class.tree("near-miss").verdict("validation", "partial", &[("VAL002", "evaluate.py", 1)]);
    class.assert();
}

/// Not a numbered class (trial repository of a Hugging Face fine-tuning project): a dataset revision
/// handed on from the config, `load_dataset(data_cfg["name"], revision=data_cfg["revision"])` with
/// the config's `revision:` a commit, pins the data; only a literal `revision="..."` counted, so the
/// line that pins the data was DATA001 "not versioned". The near miss: the config names a branch
/// (`revision: main`), which moves.
#[test]
fn other_a_dataset_revision_from_the_config() {
    let mut class = Class::new("23-revision-from-config");
    class.tree("fires").verdict("data-versioning", "present", &[]);
    class.tree("near-miss").verdict("data-versioning", "missing", &[("DATA001", "train.py", 8)]);
    class.assert();
}

/// Not a numbered class (trial repository of a Hugging Face fine-tuning project): the Trainer seeds
/// every run (`TrainingArguments.seed` is 42 unless set, and `Trainer` calls `set_seed`), so
/// `TrainingArguments(**cfg["training"])` was REP001 "without a fixed random seed" on a seeded run.
/// The near miss: a plain PyTorch loop whose comments name `TrainingArguments(...)` and a seed.
#[test]
fn other_the_trainer_seeds_by_default() {
    let mut class = Class::new("24-trainer-default-seed");
    class.tree("fires").verdict("reproducibility", "present", &[]);
    class.tree("near-miss").verdict("reproducibility", "missing", &[("REP001", "train.py", 12)]);
    class.assert();
}

/// Not a numbered class (trial repository of a RAG service): retrieval and LLM-judge metrics
/// (faithfulness, answer relevancy, answer correctness, as ragas reports them) with their values
/// and thresholds documented nothing, because none of the names was a metric: the README's
/// Evaluation table was MET003 "reports no metric values". The near miss: the same names in
/// prose without values.
#[test]
fn other_llm_evaluation_metrics_are_metrics() {
    let mut class = Class::new("25-llm-eval-metrics");
    class.tree("fires").verdict("metrics", "present", &[]);
    class.tree("near-miss").verdict("metrics", "missing", &[("MET003", "README.md", 5)]);
    class.assert();
}

/// Not a numbered class (trial repository of an Airflow / Vertex AI pipeline): a model deployed to a
/// managed endpoint is served. Vertex AI `model.deploy(endpoint=..., machine_type=...)` and
/// SageMaker `model.deploy(initial_instance_count=..., instance_type=...)` were no serving, so
/// monitoring was "not applicable: nothing here serves a model". The near miss: a docs site's
/// `site.deploy(branch=...)` and a commented-out `model.deploy(...)`.
#[test]
fn other_a_managed_endpoint_deploy_serves() {
    let mut class = Class::new("26-managed-endpoints");
    class.tree("fires-vertex").verdict("monitoring", "missing", &[("MON001", "deploy/deploy_endpoint.py", 11)]);
    class.tree("fires-sagemaker").verdict("monitoring", "missing", &[("MON001", "deploy.py", 12)]);
    class.tree("near-miss").verdict("monitoring", "not-applicable", &[]);
    class.assert();
}

/// Not a numbered class (trial repository of an Airflow / Vertex AI pipeline): a threshold nested
/// under its metric, `auc:` then `  min: 0.80` in YAML or `"auc": {"min": 0.80}` in JSON, is a
/// threshold; only flat keys (`min_auc: 0.8`) counted, so MET002 said "no threshold". The near
/// miss: the same metrics with a description and a weight, and no bound.
#[test]
fn other_thresholds_nested_under_their_metric() {
    let mut class = Class::new("27-nested-thresholds");
    class.tree("fires").verdict("metrics", "present", &[]);
    class.tree("fires-json").verdict("metrics", "present", &[]);
    class.tree("near-miss").verdict("metrics", "partial", &[("MET002", "README.md", 3)]);
    class.assert();
}

/// Not a numbered class (trial repository of an Airflow / Vertex AI pipeline): a test that imports
/// a web or workflow framework's `models` (`from airflow.models import DagBag`, a DAG-integrity
/// test) tests no ML code, but it was "tests ML code", so validation was partial on it alone. And
/// a test of the release gates (`from churn.gates import failed_gates`) tests ML code, but `gates`
/// was not among the module names, so it was no evidence.
#[test]
fn other_tests_of_framework_models_and_of_gates() {
    let mut class = Class::new("28-framework-models-in-tests");
    class.tree("fires").verdict("validation", "missing", &[("VAL001", "train.py", 7)]);
    class.tree("other-gate-tests").verdict("validation", "partial", &[("VAL002", "train.py", 7)]);
    class.assert();
}
