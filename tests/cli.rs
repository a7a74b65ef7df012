//! The command line: exit codes, selection, formats, `rules` and `explain`.

mod common;
#[path = "common/work_tree.rs"]
mod work_tree;
use common::*;
use serde_json::Value;
use std::process::Command;

fn one_warning_repo() -> tempfile::TempDir {
    temp_repo(&[
        ("requirements.txt", "pandas>=2.0\nnumpy==1.26.4\n"),
        ("train.py", TRAIN_PY),
        ("serve.py", "from fastapi import FastAPI\n\napp = FastAPI()\n"),
    ])
}

#[test]
fn exit_codes_follow_fail_on() {
    let repo = one_warning_repo();
    let dir = repo.path();
    let code = |args: &[&str]| lint_dir(dir, args).2;
    // Only DEP002 (a warning) is selected.
    assert_eq!(code(&["--select", "DEP002"]), 0, "warnings do not fail by default");
    assert_eq!(code(&["--select", "DEP002", "--fail-on", "warning"]), 1);
    assert_eq!(code(&["--select", "DEP002", "--fail-on", "info"]), 1);
    assert_eq!(code(&["--select", "DEP002", "--fail-on", "never"]), 0);
    // MON001 is an error: the repository has ML code and no monitoring.
    assert_eq!(code(&["--select", "MON001"]), 1);
    assert_eq!(code(&["--select", "MON001", "--fail-on", "never"]), 0);
}

#[test]
fn selection_by_code_prefix_name_and_ingredient() {
    let repo = one_warning_repo();
    let codes = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let (out, err, _) = lint_dir(repo.path(), &all);
        let json: Value = serde_json::from_str(&out).unwrap_or_else(|_| panic!("{err}"));
        let mut codes: Vec<String> = findings(&json).into_iter().map(|f| f.0).collect();
        codes.sort();
        codes.dedup();
        codes
    };
    assert_eq!(codes(&["--select", "DEP"]), ["DEP002"]);
    assert_eq!(codes(&["--select", "unpinned-requirement"]), ["DEP002"]);
    assert_eq!(codes(&["--select", "dependencies"]), ["DEP002"]);
    assert_eq!(codes(&["--select", "OWN,MON"]), ["MON001", "OWN001"]);
    assert_eq!(codes(&["--select", "OWN", "--select", "MON"]), ["MON001", "OWN001"]);
    assert_eq!(codes(&["--select", "OWN,MON", "--ignore", "OWN001"]), ["MON001"]);
    assert_eq!(codes(&["--select", "OWN", "--extend-select", "DEP002"]), ["DEP002", "OWN001"]);
    let all = codes(&[]);
    assert!(all.contains(&"MET001".to_string()) && all.contains(&"CI001".to_string()), "{all:?}");
    assert!(!codes(&["--ignore", "ALL"]).iter().any(|c| !c.is_empty()));
}

#[test]
fn unknown_selectors_and_paths_are_usage_errors() {
    let repo = one_warning_repo();
    let (_, err, code) = lint_dir(repo.path(), &["--select", "NOPE123"]);
    assert_eq!(code, 2);
    assert!(err.contains("`--select NOPE123` selects no rule"), "{err}");
    // Issue 13: a typo gets a did-you-mean, as a config key does.
    for (typo, meant) in [("unpined-requirement", "unpinned-requirement"), ("monitorng", "monitoring")] {
        let (_, err, code) = lint_dir(repo.path(), &["--ignore", typo]);
        assert_eq!(code, 2);
        assert!(err.contains(&format!("`--ignore {typo}` selects no rule; did you mean `{meant}`?")), "{err}");
    }

    let (_, err, code) = lint_dir(&repo.path().join("missing"), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot lint"), "{err}");

    let output = run(&["lint", "--format", "yaml"]);
    assert_eq!(output.status.code(), Some(2));
    let output = run(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("lint"));
}

#[test]
fn human_output_has_no_ansi_unless_asked() {
    let repo = one_warning_repo();
    let (out, _, _) = lint_dir(repo.path(), &[]);
    assert!(!out.contains('\u{1b}'), "piped output must not contain ANSI escapes");
    let (out, _, _) = lint_dir(repo.path(), &["--color", "always"]);
    assert!(out.contains("\u{1b}["), "--color always colours");
    let output = mlready().env("NO_COLOR", "1").args(["lint", repo.path().to_str().unwrap()]).output().unwrap();
    assert!(!stdout(&output).contains('\u{1b}'));
    // Issue 13: FORCE_COLOR and CLICOLOR_FORCE colour piped output (a CI log); NO_COLOR wins.
    let colour = |env: &[(&str, &str)]| {
        let mut command = mlready();
        command.envs(env.iter().copied()).args(["lint", repo.path().to_str().unwrap()]);
        stdout(&command.output().unwrap()).contains("\u{1b}[")
    };
    assert!(colour(&[("FORCE_COLOR", "1")]));
    assert!(colour(&[("CLICOLOR_FORCE", "1")]));
    assert!(!colour(&[("FORCE_COLOR", "0")]));
    assert!(!colour(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]));
    let output =
        mlready().env("FORCE_COLOR", "1").args(["lint", "--color", "never", repo.path().to_str().unwrap()]).output();
    assert!(!stdout(&output.unwrap()).contains('\u{1b}'), "--color never wins");
    let (out, _, _) = lint_dir(repo.path(), &["--color", "never", "--select", "DEP002"]);
    assert!(out.contains("DEP002 unpinned-requirement"), "{out}");
    assert!(out.contains("requirements.txt:1:1"), "{out}");
    assert!(out.contains("`pandas` is not pinned to an exact version"), "{out}");
    assert!(out.contains("help: Pin the version"), "{out}");
    assert!(out.contains("why: "), "{out}");
    assert!(out.contains("docs/rules.md#dep002-unpinned-requirement"), "{out}");
    assert!(out.contains("Production readiness of"), "{out}");
    assert!(out.contains("1 finding: 1 warning."), "{out}");
}

#[test]
fn concise_format_is_one_line_per_finding() {
    let repo = temp_repo(&[("models/churn/requirements.txt", "torch>=2\nscikit-learn\n")]);
    let (out, _, code) = lint_dir(repo.path(), &["--format", "concise", "--select", "DEP002"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "models/churn/requirements.txt:1:1: DEP002 `torch` is not pinned to an exact version");
    assert_eq!(lines[1], "models/churn/requirements.txt:2:1: DEP002 `scikit-learn` is not pinned to an exact version");
    assert!(lines[2].starts_with("ingredients: owners="), "{out}");
    assert_eq!(lines[3], "2 findings: 2 warnings.");
    assert_eq!(lines.len(), 4);
}

/// Issue 13: a finding about a whole file, or about the repository, still
/// has `path:line:col`, so problem matchers and errorformat parse every line.
#[test]
fn concise_lines_always_carry_a_position() {
    let (out, _, _) = lint_dir(&fixture("bare-research"), &["--format", "concise"]);
    let findings: Vec<&str> = out.lines().take_while(|l| !l.starts_with("ingredients: ")).collect();
    assert!(findings.len() >= 3, "{out}");
    let form = regex::Regex::new(r"^[^:\s][^:]*:\d+:\d+: [A-Z]+\d{3} \S").unwrap();
    for line in &findings {
        assert!(form.is_match(line), "not path:line:col: CODE message: {line}");
    }
    assert!(findings.iter().any(|l| l.starts_with(".:1:1: OWN001 ")), "the repository is at .:1:1: {out}");
    assert!(findings.iter().any(|l| l.starts_with("README.md:1:1: CARD001 ")), "a whole file is at 1:1: {out}");
}

/// Issue 13: without `$COLUMNS`, human output fits the terminal it is
/// printed to. A pseudo-terminal of 60 columns comes from util-linux `script`.
#[test]
fn human_output_fits_the_terminal_width() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: util-linux `script` is not installed, so no pseudo-terminal");
        return;
    }
    let shell = format!(
        "stty rows 24 cols 60; exec {} lint --color never {}",
        env!("CARGO_BIN_EXE_mlready"),
        fixture("bare-research").display()
    );
    let output = Command::new("script")
        .args(["-qec", &shell, "/dev/null"])
        .env_remove("COLUMNS")
        .env_remove("NO_COLOR")
        .env("MLREADY_NO_CACHE", "1")
        .output()
        .unwrap();
    let out = stdout(&output);
    // Every line: messages, help and why paragraphs wrap, quoted source lines are cut to a
    // window, and a link that does not fit gives way to the command that shows the page.
    let lines: Vec<&str> = out.lines().map(|l| l.trim_end_matches('\r')).collect();
    assert!(lines.len() > 40, "{out}");
    for line in &lines {
        assert!(line.chars().count() <= 60, "wider than the 60-column terminal: {line:?}");
    }
    assert!(lines.iter().any(|l| l.chars().count() > 50), "the width is used: {out}");
    assert!(out.contains("  docs: `mlready explain OWN001`"), "{out}");
}

/// Issue 13, item 8: a quoted line longer than the terminal is shown as a
/// window around the span, marked with `…`; the header keeps the real column,
/// and the label under the span stays on screen.
#[test]
fn long_source_lines_are_windowed_to_the_width() {
    let padding = "x".repeat(150);
    let train = format!(
        "import numpy as np\nfrom sklearn.model_selection import train_test_split\nX = np.zeros((10, 2))\n\
         a = {padding}; X_train, X_test = train_test_split(X, test_size=0.2)  # {padding}\n"
    );
    let repo = temp_repo(&[("train.py", &train)]);
    let column = train.lines().nth(3).unwrap().find("train_test_split").unwrap() + 1;
    for width in ["60", "80", "120"] {
        let output = mlready()
            .env("COLUMNS", width)
            .args(["lint", "--color", "never", "--select", "REP002", repo.path().to_str().unwrap()])
            .output()
            .unwrap();
        let out = stdout(&output);
        let width: usize = width.parse().unwrap();
        for line in out.lines() {
            assert!(line.chars().count() <= width, "wider than {width}: {line:?}\n{out}");
        }
        assert!(out.contains(&format!("[train.py:4:{column}]")), "the real column: {out}");
        let quoted = out.lines().find(|l| l.starts_with(" 4 │ ")).expect("the line is quoted");
        assert!(quoted.starts_with(" 4 │ …") && quoted.ends_with('…'), "cut on both sides: {quoted:?}");
        assert!(quoted.contains("train_test_split("), "the span is in view: {quoted:?}");
        assert!(out.contains("╰── "), "the label is shown: {out}");
    }
    // Near miss: a context line that fits is quoted whole.
    let (out, _, _) = lint_dir(repo.path(), &["--color", "never", "--select", "REP002"]);
    assert!(out.contains(" 3 │ X = np.zeros((10, 2))\n"), "{out}");
}

/// Issue 13: ruff's vocabulary: --output-format and MLREADY_OUTPUT_FORMAT,
/// -o/--output-file, --exit-zero, -s/--silent, --statistics.
#[test]
fn ruff_style_output_and_exit_options() {
    // A repository of its own: inside this checkout, the fixture is a subfolder
    // whose CI is this project's workflows.
    let repo = work_tree::Repo::of_fixture("bare-research");
    let dir = repo.root().to_path_buf();
    let (out, _, code) = lint_dir(&dir, &["--statistics"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "7\tDEP002\tunpinned-requirement");
    assert_eq!(lines[1], "1\tCARD001\tmissing-model-card");
    assert_eq!(lines.len(), 11, "{out}");
    assert_eq!(lines[10], "16 findings: 4 errors, 12 warnings.");

    let (out, err, code) = lint_dir(&dir, &["-s"]);
    assert_eq!((out.as_str(), err.as_str(), code), ("", "", 1), "silent: the exit code only");
    let (_, _, code) = lint_dir(&dir, &["--exit-zero", "--silent"]);
    assert_eq!(code, 0);
    let (_, _, code) = lint_dir(&dir, &["--exit-zero", "--select", "NOPE123"]);
    assert_eq!(code, 2, "errors still exit 2");

    let report = tempfile::tempdir().unwrap();
    let file = report.path().join("report.txt");
    let output = mlready()
        .env("MLREADY_OUTPUT_FORMAT", "concise")
        .args(["lint", dir.to_str().unwrap(), "-o", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(stdout(&output), "", "the report goes to the file");
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.starts_with(".:1:1: OWN001 "), "{written}");
    let (out, _, _) = lint_dir(&dir, &["--output-format", "json"]);
    assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok(), "--output-format is --format");
    let output = mlready().env("MLREADY_OUTPUT_FORMAT", "yaml").args(["lint", dir.to_str().unwrap()]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("MLREADY_OUTPUT_FORMAT=yaml is not a format"), "{}", stderr(&output));
    // Checked before the run: a CI job with a typo learns of it first, not
    // after the lint (here the root does not even exist).
    let output =
        mlready().env("MLREADY_OUTPUT_FORMAT", "yaml").args(["lint", "/nonexistent/mlready"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("MLREADY_OUTPUT_FORMAT=yaml is not a format"), "{}", stderr(&output));
}

/// Issue 13: an ingredient none of whose rules ran is `not-checked`, never
/// judged `present` on evidence alone; one whose rules ran is judged as before.
#[test]
fn a_selection_leaves_other_ingredients_not_checked() {
    let dir = fixture("churn-service");
    let (full, _) = lint_json(&dir, &[]);
    let (json, _) = lint_json(&dir, &["--select", "DEP"]);
    for (ingredient, status) in verdicts(&json) {
        if ingredient == "dependencies" {
            assert_eq!(status, verdict(&full, "dependencies")["status"].as_str().unwrap(), "judged as in a full run");
        } else {
            assert_eq!(status, "not-checked", "{ingredient}");
            assert_eq!(verdict(&json, &ingredient)["reason"], "none of its rules were selected");
        }
    }
    assert_eq!(json["summary"]["ingredients"]["not-checked"], 8);
    let (out, _, _) = lint_dir(&dir, &["--select", "DEP", "--format", "concise"]);
    assert!(out.contains(" metrics=not-checked "), "{out}");
    let (out, _, _) = lint_dir(&dir, &["--select", "DEP", "--format", "markdown"]);
    assert!(out.contains("| **metrics** | ⏸️ not checked | none of its rules were selected |"), "{out}");
    // An ingredient selected by name whose every rule is ignored: nothing ran.
    let (json, _) = lint_json(&dir, &["--select", "dependencies", "--ignore", "DEP"]);
    assert_eq!(verdict(&json, "dependencies")["status"], "not-checked");
}

#[test]
fn json_carries_the_documented_fields() {
    let repo = one_warning_repo();
    let (json, code) = lint_json(repo.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(json["version"], 1);
    assert_eq!(json["tool"]["name"], "mlready");
    assert!(json["root"].is_string());
    let ingredients = json["ingredients"].as_array().unwrap();
    let ids: Vec<&str> = ingredients.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "owners",
            "monitoring",
            "data-versioning",
            "metrics",
            "validation",
            "dependencies",
            "reproducibility",
            "ci",
            "model-card"
        ]
    );
    for i in ingredients {
        for key in ["id", "status", "evidence", "reason", "evidence_total", "findings"] {
            assert!(i.get(key).is_some(), "ingredient lacks {key}: {i}");
        }
    }
    let deps = verdict(&json, "dependencies");
    assert_eq!(deps["status"], "partial");
    assert_eq!(
        deps["evidence"][0],
        serde_json::json!({"path": "requirements.txt", "line": 2, "cell": null, "detail": "pins exact versions"})
    );
    let rep = verdict(&json, "reproducibility");
    assert_eq!(rep["status"], "present");
    assert_eq!(rep["evidence"][0]["detail"], "sets a seed: random.seed(7)");
    assert!(rep["reason"].is_null());
    let finding = json["findings"].as_array().unwrap().iter().find(|f| f["code"] == "DEP002").unwrap();
    for key in [
        "code",
        "name",
        "ingredient",
        "severity",
        "message",
        "help",
        "url",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
    ] {
        assert!(finding.get(key).is_some(), "finding lacks {key}: {finding}");
    }
    assert_eq!(finding["path"], "requirements.txt");
    assert_eq!((finding["line"].as_u64(), finding["column"].as_u64()), (Some(1), Some(1)));
    assert_eq!((finding["end_line"].as_u64(), finding["end_column"].as_u64()), (Some(1), Some(12)));
    let owners = json["findings"].as_array().unwrap().iter().find(|f| f["code"] == "OWN001").unwrap();
    assert!(owners["path"].is_null(), "a finding about the repository as a whole has no path");
    assert!(owners["line"].is_null());
    let summary = &json["summary"];
    assert_eq!(summary["findings"], json["findings"].as_array().unwrap().len());
    assert_eq!(
        summary["warning"].as_u64().unwrap() + summary["error"].as_u64().unwrap() + summary["info"].as_u64().unwrap(),
        summary["findings"].as_u64().unwrap()
    );
}

#[test]
fn rules_lists_every_rule_and_explain_documents_one() {
    let output = run(&["rules"]);
    assert_eq!(output.status.code(), Some(0));
    let table = stdout(&output);
    let json_output = run(&["rules", "--format", "json"]);
    let rules: Value = serde_json::from_slice(&json_output.stdout).unwrap();
    let rules = rules.as_array().unwrap();
    assert!(rules.len() >= 20);
    for rule in rules {
        let code = rule["code"].as_str().unwrap();
        assert!(table.contains(code), "table lacks {code}");
        for key in ["name", "severity", "summary", "rationale", "fix"] {
            assert!(!rule[key].as_str().unwrap_or("").is_empty(), "{code} lacks {key}");
        }
        let explained = run(&["explain", code]);
        assert_eq!(explained.status.code(), Some(0));
        let page = stdout(&explained);
        for section in ["What it checks", "Why it matters in production", "How to fix"] {
            assert!(page.contains(section), "explain {code} lacks {section}");
        }
    }
    let by_name = stdout(&run(&["explain", "missing-monitoring"]));
    assert!(by_name.starts_with("MON001 missing-monitoring\n"), "{by_name}");
    let unknown = run(&["explain", "MON01"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("did you mean MON001?"), "{}", stderr(&unknown));
}

#[test]
fn docs_rules_md_is_generated_from_the_rules() {
    let output = run(&["rules", "--format", "markdown"]);
    let generated = stdout(&output);
    let committed = std::fs::read_to_string(project_root().join("docs/rules.md")).expect("docs/rules.md");
    assert!(
        generated == committed,
        "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
}

/// Forty modules that each seed the RNG and load an unpinned Hugging Face dataset.
fn forty_seeded_modules() -> tempfile::TempDir {
    let module = "import random\nfrom datasets import load_dataset\n\nrandom.seed(7)\nds = load_dataset(\"imdb\")\n";
    let files: Vec<(String, &str)> = (0..40).map(|i| (format!("pkg/mod_{i:02}.py"), module)).collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    temp_repo(&refs)
}

#[test]
fn evidence_counting_stops_early_but_findings_never_do() {
    let repo = forty_seeded_modules();
    let (json, _) = lint_json(repo.path(), &[]);
    // Seeds only feed the verdict: counting stops after 32 files, in path order.
    let rep = verdict(&json, "reproducibility");
    assert_eq!(rep["evidence_total"], 32);
    assert_eq!(rep["evidence_complete"], false);
    assert_eq!(rep["evidence"].as_array().unwrap().len(), 20);
    assert_eq!(rep["evidence"][0]["path"], "pkg/mod_00.py");
    // A finding rule sees every file.
    let unpinned = findings(&json).iter().filter(|(code, _, _)| code == "DATA002").count();
    assert_eq!(unpinned, 40);
    // Evidence that is all there is stays exact.
    let deps = verdict(&json, "dependencies");
    assert_eq!(deps["evidence_complete"], true);
    let (out, _, _) = lint_dir(repo.path(), &["--color", "never"]);
    assert!(out.contains("(+ at least 31 more)"), "{out}");
}

/// A partial verdict's rule codes stay whole in the verdict table; a long path gives way instead.
#[test]
fn verdict_codes_are_never_cut_to_fit_the_evidence() {
    let deep = "src/spaceflights/pipelines/data_science/model_evaluation/evaluate.py";
    let evaluate = "from sklearn.metrics import r2_score\n\ndef evaluate_model(model, X, y):\n    model.fit(X, y)\n    return r2_score(y, model.predict(X))\n";
    let repo = temp_repo(&[(deep, evaluate)]);
    let (out, _, _) = lint_dir(repo.path(), &["--color", "never"]);
    let row = out.lines().find(|l| l.trim_start().starts_with("validation")).expect("a validation row");
    assert!(row.contains("~ partial        [VAL002] …"), "{row}");
    assert!(row.ends_with("model_evaluation/evaluate.py:1 (+1 more)"), "{row}");
}

/// Issue 13, item 9: a rule's help, why and docs link once per run, its other
/// findings one line each; `--verbose` shows every finding in full.
#[test]
fn human_output_explains_each_rule_once() {
    let dir = fixture("bare-research");
    let (out, _, _) = lint_dir(&dir, &["--color", "never", "--no-git"]);
    assert_eq!(out.matches("  help: Pin the version you tested with").count(), 1, "{out}");
    assert_eq!(out.matches("rules.md#dep002-unpinned-requirement").count(), 1, "{out}");
    assert_eq!(out.matches("DEP002 unpinned-requirement").count(), 1, "one diagnostic: {out}");
    assert!(
        out.contains("  6 more DEP002:\n    requirements.txt:2:1 `numpy` is not pinned to an exact version\n"),
        "{out}"
    );
    assert!(out.lines().count() < 200, "was 279 lines when every finding repeated its help: {}", out.lines().count());

    let (verbose, _, _) = lint_dir(&dir, &["--color", "never", "--no-git", "--verbose"]);
    assert_eq!(verbose.matches("  help: Pin the version you tested with").count(), 7);
    assert_eq!(verbose.matches("DEP002 unpinned-requirement").count(), 7);
    assert!(!verbose.contains("more DEP002:"));
}

/// Issue 13, item 12: ruff's --show-files, --show-settings, --exclude,
/// --extend-exclude and -q/--quiet.
#[test]
fn show_files_show_settings_exclude_and_quiet() {
    let repo = temp_repo(&[
        ("train.py", TRAIN_PY),
        ("requirements.txt", "torch>=2\n"),
        ("notebooks/explore.ipynb", "{\"cells\": [], \"nbformat\": 4}"),
        ("scratch/try.py", "import torch\n"),
        (".mlready.toml", "exclude = [\"scratch/\"]\n[severity]\nDEP002 = \"error\"\n"),
    ]);
    let dir = repo.path();
    let files = |args: &[&str]| -> Vec<String> {
        let (out, err, code) = lint_dir(dir, &[&["--show-files", "--no-git"], args].concat());
        assert_eq!(code, 0, "{err}");
        out.lines().map(String::from).collect()
    };
    assert_eq!(files(&[]), [".mlready.toml", "notebooks/explore.ipynb", "requirements.txt", "train.py"]);
    assert_eq!(
        files(&["--extend-exclude", "notebooks/"]),
        [".mlready.toml", "requirements.txt", "train.py"],
        "added to the config's exclude"
    );
    assert_eq!(
        files(&["--exclude", "notebooks/**"]),
        [".mlready.toml", "requirements.txt", "scratch/try.py", "train.py"],
        "--exclude replaces the config's exclude"
    );
    let (_, err, _) = lint_dir(dir, &["--exclude", "nothing/", "--no-git"]);
    assert!(err.contains("`exclude` glob `nothing/` on the command line matches nothing"), "{err}");

    let (settings, err, code) = lint_dir(dir, &["--show-settings", "--select", "DEP", "--extend-exclude", "x/**"]);
    assert_eq!(code, 0, "{err}");
    assert!(settings.contains(".mlready.toml\"\n"), "{settings}");
    assert!(settings.contains("select = [\"DEP\"] (--select)\n"), "{settings}");
    assert!(settings.contains("exclude = [\"scratch/\", \"x/**\"]\n"), "{settings}");
    assert!(settings.contains("[severity]\n\"DEP002\" = \"error\"\n"), "{settings}");

    // Quiet: the findings, nothing else (no verdict table, no counts, no warnings).
    let (out, err, code) = lint_dir(dir, &["-q", "--format", "concise", "--no-git", "--exclude", "nothing/"]);
    assert_eq!(code, 1);
    assert!(out.lines().all(|l| l.contains(": ") && !l.starts_with("ingredients:")), "{out}");
    assert!(out.contains("requirements.txt:1:1: DEP002 "), "{out}");
    assert_eq!(err, "", "no warnings under --quiet");
    let (out, _, _) = lint_dir(dir, &["-q", "--color", "never", "--no-git"]);
    assert!(out.contains("DEP002 unpinned-requirement") && !out.contains("Production readiness of"), "{out}");
}

/// Issue 13, item 12: JUnit XML for CI test reports: well-formed whatever a
/// file name holds, one failing case per finding, a passing case when clean.
#[test]
fn junit_format_is_well_formed_xml() {
    let repo = temp_repo(&[("a&b <x>/requirements.txt", "torch>=2\n"), ("train.py", TRAIN_PY)]);
    let (out, _, code) = lint_dir(repo.path(), &["--format", "junit", "--select", "DEP002"]);
    assert_eq!(code, 0, "DEP002 is a warning");
    assert!(
        out.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"mlready\" tests=\"1\" failures=\"1\""
        ),
        "{out}"
    );
    assert!(out.contains("<testsuite name=\"a&amp;b &lt;x&gt;/requirements.txt\" tests=\"1\" failures=\"1\""), "{out}");
    assert!(
        out.contains("<testcase name=\"DEP002 unpinned-requirement\" classname=\"a&amp;b &lt;x&gt;/requirements.txt\""),
        "{out}"
    );
    assert!(out.contains("<failure message=\"`torch` is not pinned to an exact version\" type=\"warning\">"), "{out}");
    assert_eq!(out.matches("<testsuite ").count(), out.matches("</testsuite>").count());
    let clean = temp_repo(&[("requirements.txt", "torch==2.3.1\n")]);
    let (out, _, _) = lint_dir(clean.path(), &["--format", "junit", "--select", "DEP002"]);
    assert!(out.contains("<testcase name=\"No findings\" classname=\"mlready\"/>"), "{out}");
}

/// Issue 13, item 12: --per-file-ignores GLOB:CODES, as ruff's.
#[test]
fn per_file_ignores_on_the_command_line() {
    let repo = temp_repo(&[("requirements.txt", "torch>=2\n"), ("serving/requirements.txt", "flask>=2\n")]);
    let dep002 = |args: &[&str]| -> Vec<String> {
        let (json, code) = lint_json(repo.path(), &[&["--select", "DEP002"], args].concat());
        assert_ne!(code, 2);
        findings(&json).into_iter().map(|(_, path, _)| path).collect()
    };
    assert_eq!(dep002(&[]), ["requirements.txt", "serving/requirements.txt"]);
    assert_eq!(dep002(&["--per-file-ignores", "serving/**:DEP002"]), ["requirements.txt"]);
    assert_eq!(
        dep002(&["--per-file-ignores", "serving/**:DEP", "--per-file-ignores", "requirements.txt:DEP002"]),
        Vec::<String>::new()
    );
    let (_, err, code) = lint_dir(repo.path(), &["--per-file-ignores", "serving/**:DEP0002"]);
    assert_eq!(code, 2);
    assert!(err.contains("`--per-file-ignores DEP0002` selects no rule; did you mean"), "{err}");
    let (_, err, code) = lint_dir(repo.path(), &["--per-file-ignores", "serving/**"]);
    assert_eq!(code, 2);
    assert!(err.contains("needs GLOB:CODES"), "{err}");
    let (settings, _, _) = lint_dir(repo.path(), &["--show-settings", "--per-file-ignores", "serving/**:DEP002"]);
    assert!(
        settings.contains("[per-file-ignores]\n\"serving/**\" = [\"DEP002\"]  # --per-file-ignores\n"),
        "{settings}"
    );
}
